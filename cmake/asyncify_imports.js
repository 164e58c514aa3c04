// Emscripten link library: declares the asyncify.* imports of context_asyncify.c so that
// emcc's undefined-symbol check passes. The Asyncify pass replaces the imports with its own
// functions, so these bodies never run.
mergeInto(LibraryManager.library, {
  start_unwind: function() { abort('asyncify.start_unwind was not replaced by the Asyncify pass'); },
  stop_unwind: function() { abort('asyncify.stop_unwind was not replaced by the Asyncify pass'); },
  start_rewind: function() { abort('asyncify.start_rewind was not replaced by the Asyncify pass'); },
  stop_rewind: function() { abort('asyncify.stop_rewind was not replaced by the Asyncify pass'); },
});
