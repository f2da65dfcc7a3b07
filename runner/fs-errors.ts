/**
 * File system errors in words: `ENOTDIR: not a directory, open '/r/.x.tmp'` becomes
 * `not a directory` (STYLE.md §4: lowercase words, no raw errno codes, no internal paths).
 */

const words: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a file stands where a folder is needed',
  EEXIST: 'a file is in the way',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EINVAL: 'not a valid path here',
};

/** Describes a file system error in lowercase words; other errors keep their message. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && words[code] !== undefined) return words[code];
  if (code !== undefined) return code.toLowerCase();
  return error instanceof Error ? error.message : String(error);
}
