# tribune_embed(TARGET name NAMESPACE ns BASE dir FILES f1 f2 ...)
# Compiles files into the binary as a sorted table of {path, bytes}, so the one binary
# carries its default theme, migrations and demo content.
function(tribune_embed)
    cmake_parse_arguments(EMBED "" "TARGET;NAMESPACE;BASE" "FILES" ${ARGN})
    set(output "${CMAKE_CURRENT_BINARY_DIR}/${EMBED_TARGET}_embedded.cpp")
    # A list's ';' would end the shell command; the script splits on '|' instead.
    string(REPLACE ";" "|" file_list "${EMBED_FILES}")
    add_custom_command(
        OUTPUT "${output}"
        COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DNAMESPACE=${EMBED_NAMESPACE} -DBASE=${EMBED_BASE}
                "-DFILES=${file_list}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
        DEPENDS ${EMBED_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
        COMMENT "Embedding ${EMBED_TARGET}"
        VERBATIM)
    add_library(${EMBED_TARGET} STATIC "${output}")
    target_include_directories(${EMBED_TARGET} PUBLIC "${PROJECT_SOURCE_DIR}/src")
    target_link_libraries(${EMBED_TARGET} PRIVATE tribune_flags)
endfunction()
