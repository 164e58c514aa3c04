/* Signal handlers of native builds: the stack overflow report and the SIGQUIT dump. Nothing
 * here is public. */
#ifndef AW_OBSERVE_SIGNALS_H
#define AW_OBSERVE_SIGNALS_H

#include "aw.h"

/* Installs them for the loop's thread, and a free hook that takes them back. */
int aw__signals_attach(aw_loop *loop);

#endif
