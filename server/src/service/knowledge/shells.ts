import { baseImageShell, type BaseImageShell } from './base-images';

/** The shell a shell-form instruction runs in: from SHELL when set, else the base image's /bin/sh. */
export interface ProcessShell extends Partial<BaseImageShell> {
  /** "/bin/sh", "/bin/bash": as the message should name it. */
  path: string;
  /** Windows shells (SHELL ["powershell", …]) have other signal semantics; the rules stay out. */
  windows: boolean;
}

const byName: Record<string, BaseImageShell> = {
  bash: { flavour: 'bash', description: 'bash' },
  dash: { flavour: 'dash', description: 'dash' },
  ash: { flavour: 'ash', description: 'BusyBox ash' },
  busybox: { flavour: 'ash', description: 'BusyBox ash' },
};

export function processShell(shellArgv: string[] | undefined, baseImage: string): ProcessShell {
  const path = shellArgv?.[0] ?? '/bin/sh';
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.exe$/i, '').toLowerCase();
  if (['powershell', 'pwsh', 'cmd'].includes(name)) return { path, windows: true };
  const known = name === 'sh' ? baseImageShell(baseImage) : byName[name];
  return { path, windows: false, ...known };
}
