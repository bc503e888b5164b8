/**
 * {@code sightline simulate epu}: a deterministic simulator of a Thermo Fisher EPU visit on disk, for tests, the
 * demo and benchmarks.
 *
 * <p>Entry point: {@link io.sightline.simulate.epu.EpuSimulator#write}, options in
 * {@link io.sightline.simulate.epu.EpuSimulation}, the truth about what was written in
 * {@link io.sightline.simulate.epu.SimulatedSession}. Generation is pure ({@code EpuModel} → {@code EpuPlanner}
 * → a {@link io.sightline.simulate.epu.SimulationPlan} of {@link io.sightline.simulate.epu.PlannedWrite}s);
 * {@code PlanWriter} only does the I/O (rate, partial writes).
 *
 * <p>Files mirror the real samples in {@code ../shared/epu-samples}: the same root elements, namespaces and
 * generated element names, {@code z:Id}/{@code z:Ref}/{@code i:nil}, times with seven fraction digits, {@code .dm}
 * files on one line, Windows paths under {@code Z:\DoseFractions\<visit>}. The XML is produced from small templates
 * ({@code ManifestXml}, {@code SessionXml}, {@code GridSquareXml}, {@code AtlasXml}) and streamed, so a 110 MB atlas
 * is never held in memory. Images: a small grey JPEG beside every manifest (as EPU writes) and a 64² float32
 * {@code .mrc} beside each micrograph's, so that the agent registers them and the server renders them. Not written:
 * full-size images and movies, {@code Sample.dm},
 * {@code ScreeningSession.dm}, and the optics/camera settings blocks of the session and atlas files.
 *
 * <p>Benchmark workload: {@link io.sightline.simulate.epu.EpuSimulation#benchmark()}.
 */
package io.sightline.simulate.epu;
