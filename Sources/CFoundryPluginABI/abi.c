/* The plugin ABI is header-only; this file gives the C target a translation unit. */
#include "foundry_plugin.h"
#include <stdint.h>
__attribute__((visibility("hidden"))) uint16_t foundry_plugin_abi_major_of_host(void) { return FOUNDRY_PLUGIN_ABI_MAJOR; }
