package io.sightline.core.epu.dir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a folder is a complete EPU output: structure (each grid has {@code EpuSession.dm}, a
 * {@code Metadata/} folder and at least one {@code Images-Disc<N>} folder with N ≥ 1) and content (every
 * recognised file parses). Reports every problem, not just the first.
 */
public final class EpuValidator {

    private final EpuDirectoryReader reader;

    public EpuValidator(EpuDirectoryReader reader) {
        this.reader = reader;
    }

    public EpuValidator() {
        this(new EpuDirectoryReader());
    }

    public ValidationReport validate(Path dir) {
        return validate(dir, ProgressListener.none());
    }

    public ValidationReport validate(Path dir, ProgressListener progress) {
        List<ValidationReport.Issue> issues = new ArrayList<>();
        EpuDirectory read;
        try {
            read = reader.read(dir, progress);
        } catch (IOException e) {
            issues.add(new ValidationReport.Issue(
                    dir,
                    ValidationReport.Category.STRUCTURE,
                    "not-a-directory",
                    dir + " is not a readable directory: " + e.getMessage()));
            return new ValidationReport(dir, issues);
        }
        if (read.grids().isEmpty()) {
            issues.add(structure(dir, "missing-session", "no EpuSession.dm in " + dir + " or below"));
        }
        for (GridModel g : read.grids()) {
            if (!Files.isDirectory(g.folder().resolve("Metadata"))) {
                issues.add(structure(
                        g.folder(),
                        "missing-metadata",
                        "Metadata/ folder missing in " + g.folder() + " (grid-square .dm files live there)"));
            }
            if (!hasImagesDisc(g.folder())) {
                issues.add(structure(
                        g.folder(), "missing-images-disc", "no Images-Disc<N> folder (N >= 1) in " + g.folder()));
            }
        }
        for (Problem p : read.allProblems()) {
            issues.add(new ValidationReport.Issue(
                    p.file(),
                    ValidationReport.Category.CONTENT,
                    p.error().kind(),
                    p.error().getMessage()));
        }
        return new ValidationReport(dir, issues);
    }

    private static ValidationReport.Issue structure(Path path, String kind, String message) {
        return new ValidationReport.Issue(path, ValidationReport.Category.STRUCTURE, kind, message);
    }

    private static boolean hasImagesDisc(Path grid) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(grid, "Images-Disc*")) {
            for (Path p : s) {
                String n = p.getFileName().toString().substring("Images-Disc".length());
                if (Files.isDirectory(p)
                        && !n.isEmpty()
                        && n.chars().allMatch(Character::isDigit)
                        && n.length() < 10
                        && Integer.parseInt(n) >= 1) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // an unlistable grid folder has, as far as anyone can tell, no Images-Disc folder
        }
    }
}
