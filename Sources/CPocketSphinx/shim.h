#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/cmn.h>
#include <sphinxbase/fe.h>
#include <sphinxbase/feat.h>

/* Sets the decoder's live cepstral mean (CMN) to the mean of `samples` before an utterance
 * starts. Live CMN otherwise starts from the model's fixed estimate and mis-hears the first
 * seconds of a speaker it has not heard yet. Returns the number of frames measured. */
static inline int foundry_ps_prime_cmn(ps_decoder_t *ps, const int16 *samples, size_t count) {
    fe_t *fe = ps_get_fe(ps);
    feat_t *feat = ps_get_feat(ps);
    if (fe == NULL || feat == NULL || feat->cmn_struct == NULL || count == 0) return 0;
    int veclen = fe_get_output_size(fe);
    int32 capacity = (int32)(count / 80 + 16);
    mfcc_t **cep = (mfcc_t **)ckd_calloc_2d(capacity, veclen, sizeof(mfcc_t));
    fe_start_utt(fe);
    const int16 *cursor = samples;
    size_t left = count;
    int32 frames = capacity - 1;
    fe_process_frames(fe, &cursor, &left, cep, &frames, NULL);
    int32 last = 0;
    fe_end_utt(fe, cep[frames], &last);
    frames += last;
    if (frames > 0) {
        cmn_t *cmn = feat->cmn_struct;
        mfcc_t *mean = (mfcc_t *)ckd_calloc(cmn->veclen, sizeof(mfcc_t));
        for (int j = 0; j < veclen && j < cmn->veclen; j++) {
            double sum = 0;
            for (int i = 0; i < frames; i++) sum += cep[i][j];
            mean[j] = (mfcc_t)(sum / frames);
        }
        /* Sets the mean and restarts the running sums, so no earlier speaker is mixed back in. */
        cmn_live_set(cmn, mean);
        ckd_free(mean);
    }
    ckd_free_2d((void **)cep);
    return frames;
}
