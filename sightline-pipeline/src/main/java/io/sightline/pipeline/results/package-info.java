/** Results of finished jobs read back from their output STAR files: motion and CTF per micrograph. */
package io.sightline.pipeline.results;
