/* stack_clash.c compiled with -fno-stack-clash-protection (tests/native/CMakeLists.txt), as code
 * built without the flag is: its frames are not probed, so a store lands wherever the frame
 * reaches. The frames that end inside the 64 KiB guard region below the stack must still be
 * reported, whichever address of the region they fault at (here over 30 KiB into it). */
#include "stack_clash.c"
