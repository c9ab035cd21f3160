/**
 * charstream's own training passes: forward and backward through the embedding, the recurrent
 * layers and the softmax output, computed on buffers allocated once, with one BLAS call per
 * product over all steps, a Vector API kernel on weights packed once per batch for each step's
 * recurrent product, and one vectorised Java loop per element-wise step, split across threads by
 * batch rows. The parameters, gradients and updater stay the DL4J network's own, so a trained
 * network is a plain DL4J network and its snapshots load with {@code ModelSerializer}.
 */
package io.charstream.model.engine;
