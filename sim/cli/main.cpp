// The wfsim program; everything is in wfsim_cli (commands.h).
#include "cli/commands.h"

int main(int argc, char** argv) { return wfsim::cli::main(argc, argv); }
