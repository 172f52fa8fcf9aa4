import { useEffect } from 'react';
import { KIT_EXTENSION } from '../../../shared/kits/kit-types';
import { previewKitText } from './kit-store';

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * A .posconnect dropped anywhere on the window opens its preview. Only file drags are taken over
 * (text dragged inside a form still works); other files are refused without navigating away.
 */
export function useKitDrop(): void {
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      const file = [...(event.dataTransfer?.files ?? [])].find((f) =>
        f.name.toLowerCase().endsWith(KIT_EXTENSION),
      );
      if (file) void file.text().then((text) => previewKitText(text, file.name));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}
