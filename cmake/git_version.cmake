# Writes OUTPUT (engine/git_version.h) with the git commit of SOURCE_DIR and
# whether tracked files had uncommitted changes, rewriting it only when that
# changed (so an unchanged tree recompiles nothing). Run at every build.
execute_process(COMMAND git rev-parse --short HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE commit_status)
set(dirty "false")
if(NOT commit_status EQUAL 0 OR NOT commit)
  set(commit "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE changes ERROR_QUIET)
  if(changes)
    set(dirty "true")
  endif()
endif()
set(text "// Written by cmake/git_version.cmake at build time.\n#pragma once\nnamespace geostrat {\ninline constexpr const char* kGitCommit = \"${commit}\";\ninline constexpr bool kGitDirty = ${dirty};\n}  // namespace geostrat\n")
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUTPUT} "${text}")
endif()
