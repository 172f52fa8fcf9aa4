; Included by electron-builder's NSIS script (nsis.include in electron-builder.config.mjs).
; The uninstaller asks whether to remove the shop's data: settings and connections (config.json),
; the encrypted vault (vault.json) and the logs, all under %APPDATA%\POS Connect. "No" (and a
; silent uninstall) keeps them, so reinstalling finds every connection again. An update runs the
; uninstaller of the old version too: it never asks then, and never removes anything.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 \
      "Also remove your POS Connect connections, settings and logs from this computer?$\r$\n$\r$\nChoose No to keep them for a later installation." \
      /SD IDNO IDNO keepData
      SetShellVarContext current
      RMDir /r "$APPDATA\${PRODUCT_NAME}"
    keepData:
  ${endIf}
!macroend
