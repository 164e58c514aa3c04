# The shadow stack pointer of a WebAssembly module is the linker's global __stack_pointer,
# which C cannot name: context_asyncify.c reads and writes it through these two functions.

	.globaltype __stack_pointer, i32

	.section .text.aw__wasm_stack_pointer,"",@
	.globl aw__wasm_stack_pointer
	.type aw__wasm_stack_pointer,@function
aw__wasm_stack_pointer:
	.functype aw__wasm_stack_pointer () -> (i32)
	global.get __stack_pointer
	end_function

	.section .text.aw__wasm_set_stack_pointer,"",@
	.globl aw__wasm_set_stack_pointer
	.type aw__wasm_set_stack_pointer,@function
aw__wasm_set_stack_pointer:
	.functype aw__wasm_set_stack_pointer (i32) -> ()
	local.get 0
	global.set __stack_pointer
	end_function
