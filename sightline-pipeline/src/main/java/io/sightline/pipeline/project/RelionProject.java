package io.sightline.pipeline.project;

import io.sightline.core.relion.DefaultPipeline;
import io.sightline.core.relion.JobOption;
import io.sightline.core.relion.JobStar;
import io.sightline.core.relion.PipelineEdge;
import io.sightline.core.relion.PipelineNode;
import io.sightline.core.relion.PipelineProcess;
import io.sightline.core.relion.ProcessStatus;
import io.sightline.core.relion.RelionFiles;
import io.sightline.core.text.TextReadException;
import io.sightline.pipeline.graph.PlannedJob;
import io.sightline.pipeline.jobtype.OutputSlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A RELION project directory as a run writes it, so that a RELION user can open it: {@code
 * default_pipeline.star} with every job as a process, its output files as nodes and the edges between them,
 * {@code Import/jobNNN/} and {@code External/jobNNN/} directories each with a {@code job.star}. Every change
 * rewrites {@code default_pipeline.star} atomically through core's writer. One instance per project; its
 * methods are synchronized because the scheduler's threads share it.
 */
public final class RelionProject {
    public static final String PIPELINE_FILE = "default_pipeline.star";

    private final Path root;
    private final RelionFiles files;
    private DefaultPipeline pipeline;

    private RelionProject(Path root, RelionFiles files, DefaultPipeline pipeline) {
        this.root = root;
        this.files = files;
        this.pipeline = pipeline;
    }

    /** The project at {@code root}: its pipeline as it is on disk, or a new one (next job number 1). */
    public static RelionProject open(Path root, RelionFiles files) throws IOException, TextReadException {
        Path file = root.resolve(PIPELINE_FILE);
        Files.createDirectories(root);
        DefaultPipeline p = Files.exists(file) ? files.pipeline(file) : DefaultPipeline.create(1);
        RelionProject project = new RelionProject(root, files, p);
        if (!Files.exists(file)) {
            project.save();
        }
        return project;
    }

    public Path root() {
        return root;
    }

    public synchronized DefaultPipeline pipeline() {
        return pipeline;
    }

    /**
     * Gives {@code job} the next job number: its directory ({@code External/job004/}) with a {@code job.star},
     * a process (Scheduled), its outputs as nodes, and edges from the files its inputs are wired to.
     *
     * @param inputFiles input slot → the file it reads, relative to the project ({@code External/job003/x.star})
     * @param program the program the job runs (RELION's {@code fn_exe} for an External job)
     * @return the job directory relative to the project, with RELION's trailing slash
     */
    public synchronized String addJob(PlannedJob job, Map<String, String> inputFiles, String program)
            throws IOException {
        int number = pipeline.jobCounter();
        String dir = job.type().category().directory() + "/job%03d/".formatted(number);
        Files.createDirectories(root.resolve(dir));
        List<JobOption> options = new ArrayList<>();
        options.add(new JobOption("fn_exe", program));
        job.type()
                .inputs()
                .forEach(slot -> options.add(new JobOption(slot.name(), inputFiles.getOrDefault(slot.name(), ""))));
        job.parameters().values().forEach((k, v) -> options.add(new JobOption(k, v)));
        JobStar star = JobStar.create(job.type().relionType(), false, job.type().tomography(), options);
        files.write(star.star(), root.resolve(dir).resolve("job.star"));

        DefaultPipeline p = pipeline.withJobCounter(number + 1)
                .with(new PipelineProcess(dir, null, job.type().relionType(), ProcessStatus.SCHEDULED));
        for (OutputSlot out : job.type().outputs()) {
            String node = dir + out.file();
            p = p.with(new PipelineNode(node, out.type().relionNodeType(), null))
                    .withOutputEdge(new PipelineEdge(node, dir));
        }
        for (String file : inputFiles.values()) {
            p = p.withInputEdge(new PipelineEdge(Objects.requireNonNull(file), dir));
        }
        pipeline = p;
        save();
        return dir;
    }

    /** Sets the status of process {@code dir} ({@code External/job004/}) as RELION shows it. */
    public synchronized void setStatus(String dir, ProcessStatus status) throws IOException {
        if (pipeline.process(dir).map(p -> p.status() == status).orElse(false)) {
            return;
        }
        pipeline = pipeline.withStatus(dir, status);
        save();
    }

    private void save() throws IOException {
        files.write(pipeline.star(), root.resolve(PIPELINE_FILE));
    }
}
