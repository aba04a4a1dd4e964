# Generates chart_templates.cpp from plots/*.gp so the binary carries its chart templates.
# Inputs: TEMPLATE_DIR, OUTPUT, NAMES (semicolon list).
set(body "// Generated from plots/*.gp by sim/report/embed_templates.cmake. Do not edit.\n")
string(APPEND body "#include \"chart_templates.hpp\"\n\nnamespace flopcast::report {\n\n")
string(APPEND body "std::string_view chart_template(std::string_view name) {\n")
foreach(name IN LISTS NAMES)
  file(READ ${TEMPLATE_DIR}/${name}.gp text)
  string(APPEND body "  if (name == \"${name}\") return R\"flopcast_gp(${text})flopcast_gp\";\n")
endforeach()
string(APPEND body "  return {};\n}\n\n}  // namespace flopcast::report\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
