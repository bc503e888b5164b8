/**
 * Processing pipelines on the server: runs and jobs persisted (V60), the in-process scheduler that runs them on
 * an {@link io.sightline.pipeline.exec.Executor}, and their REST resource. docs/pipelines.md is the contract.
 */
package io.sightline.server.pipeline;
