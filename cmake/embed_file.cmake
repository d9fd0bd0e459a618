# Generates a header holding one file's bytes as a NUL-terminated C string
# named SYMBOL, so the binary carries its data without reading files.
file(READ "${IN_FILE}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" content "${content}")
set(out "/* Generated from ${SYMBOL} by cmake/embed_file.cmake. */\n")
string(APPEND out "static const char ${SYMBOL}[] = \"${content}\";\n")
file(WRITE "${OUT_FILE}.tmp" "${out}")
file(COPY_FILE "${OUT_FILE}.tmp" "${OUT_FILE}" ONLY_IF_DIFFERENT)
