import { useCallback, useState } from 'react';

// Remembered per browser, like the service point: a quiet reading room desk turns it off once.
const storageKey = 'carrel.refusalSound';

function readSetting(): boolean {
  try {
    return localStorage.getItem(storageKey) !== 'off';
  } catch {
    return true;
  }
}

let audio: AudioContext | undefined;

/** A short low double beep, so the desk notices a refusal without looking at the screen. */
function beep(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const offset of [0, 0.16]) {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.type = 'square';
      tone.frequency.value = 330;
      volume.gain.setValueAtTime(0.06, start + offset);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.12);
      tone.connect(volume).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.13);
    }
  } catch {
    // No audio device or a browser without Web Audio: the flash still shows.
  }
}

/** Whether refusals sound, a way to change it, and the sound itself (silent when off). */
export function useRefusalSound(): { soundOn: boolean; setSoundOn(on: boolean): void; soundRefusal(): void } {
  const [soundOn, setSoundOnState] = useState(readSetting);
  const setSoundOn = useCallback((on: boolean) => {
    setSoundOnState(on);
    try {
      localStorage.setItem(storageKey, on ? 'on' : 'off');
    } catch {
      // Private browsing may refuse storage; the choice then lasts only for this page.
    }
  }, []);
  const soundRefusal = useCallback(() => {
    if (soundOn) beep();
  }, [soundOn]);
  return { soundOn, setSoundOn, soundRefusal };
}
