/* foundry_ollama.h — the Ollama provider plugin for foundry (see docs/plugins.md).
 * The plugin exports exactly one symbol; everything else is internal. */
#ifndef FOUNDRY_OLLAMA_H
#define FOUNDRY_OLLAMA_H

#include "foundry_plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

__attribute__((visibility("default"))) const struct foundry_plugin_v1 *foundry_plugin_entry_v1(void);

#ifdef __cplusplus
}
#endif

#endif
