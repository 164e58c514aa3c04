/* Statuses from the operating system's errors. Nothing here is public. */
#ifndef AW_BASE_ERROR_H
#define AW_BASE_ERROR_H

/* The status for an errno value (native, and WASI's fd calls). */
int aw__status_from_errno(int error);

#endif
