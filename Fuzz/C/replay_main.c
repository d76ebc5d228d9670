/* replay_main.c — runs a libFuzzer target's LLVMFuzzerTestOneInput once on each file named on the
 * command line, without libFuzzer: the corpus replay of the C targets in the test suite
 * (built with AddressSanitizer and UndefinedBehaviorSanitizer by FuzzCorpusReplayTests). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "replay: cannot open %s\n", argv[i]);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *data = malloc(size > 0 ? (size_t)size : 1);
        size_t got = fread(data, 1, (size_t)size, f);
        fclose(f);
        LLVMFuzzerTestOneInput(data, got);
        free(data);
    }
    printf("replay: %d inputs\n", argc - 1);
    return 0;
}
