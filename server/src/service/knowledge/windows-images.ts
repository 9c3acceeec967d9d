import { parseImageReference } from './base-images';

/**
 * Windows container images. Docker runs their shell-form instructions with `cmd /S /C`, not
 * `/bin/sh -c` ("The default shell on Linux is ["/bin/sh", "-c"], and on Windows is ["cmd", "/S",
 * "/C"]", https://docs.docker.com/reference/dockerfile/#shell), paths there hold backslashes and
 * spaces ("C:\Program Files\…"), and processes are not stopped with POSIX signals: the Linux shell
 * and signal rules stay out of them. A new family is one entry and one test.
 */

/** Repositories that only exist for Windows (mcr.microsoft.com/windows/servercore, …/dotnet/framework/aspnet). */
const windowsRepositories = /^(windows(\/[\w.-]+)?|microsoft\/(windowsservercore|nanoserver)|dotnet\/framework\/[\w.-]+)$/;

/** Windows variants of multi-platform images: python:3.12-windowsservercore-ltsc2022, golang:1.22-nanoserver-1809. */
const windowsTags = /(^|-)(windowsservercore|nanoserver)(-|$)/;

export function isWindowsImage(image: string): boolean {
  const { repository, tag } = parseImageReference(image);
  return windowsRepositories.test(repository) || windowsTags.test(tag ?? '');
}
