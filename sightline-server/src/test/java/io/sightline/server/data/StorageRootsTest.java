package io.sightline.server.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real directories, files and symbolic links: no client path reaches a file outside the roots. */
class StorageRootsTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private StorageRoots roots;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("storage"));
        outside = Files.writeString(tmp.resolve("secret.txt"), "not for clients");
        Files.createDirectories(root.resolve("DoseFractions/GridSquare_1"));
        Files.writeString(root.resolve("DoseFractions/GridSquare_1/a.tiff"), "pixels");
        Files.createSymbolicLink(root.resolve("link-out"), outside);
        Files.createSymbolicLink(root.resolve("dir-out"), tmp);
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("DoseFractions/GridSquare_1/a.tiff"));
        roots = new StorageRoots(
                List.of(root), List.of(PathMap.parse("Z:\\=" + root), PathMap.parse("\\\\epu-pc\\share=" + root)));
    }

    @Test
    void aFileInsideARootResolvesToItsRealPath() throws Exception {
        Path expected = root.resolve("DoseFractions/GridSquare_1/a.tiff").toRealPath();
        assertThat(roots.resolve(expected.toString())).isEqualTo(expected);
        assertThat(roots.resolve("DoseFractions/GridSquare_1/a.tiff")).isEqualTo(expected);
        assertThat(roots.resolve("link-in")).isEqualTo(expected);
    }

    @Test
    void windowsPathsGoThroughThePathMapsWhateverTheirCaseOrSlashes() throws Exception {
        Path expected = root.resolve("DoseFractions/GridSquare_1/a.tiff").toRealPath();
        assertThat(roots.resolve("Z:\\DoseFractions\\GridSquare_1\\a.tiff")).isEqualTo(expected);
        assertThat(roots.resolve("z:/DoseFractions/GridSquare_1/a.tiff")).isEqualTo(expected);
        assertThat(roots.resolve("\\\\EPU-PC\\share\\DoseFractions\\GridSquare_1\\a.tiff"))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../secret.txt",
                "DoseFractions/../../secret.txt",
                "Z:\\..\\secret.txt",
                "DoseFractions\\..\\..\\secret.txt",
                "%2e%2e/secret.txt",
                "DoseFractions%2F..%2F..%2Fsecret.txt",
                "..%5csecret.txt",
                "C:\\Windows\\win.ini",
                "Y:/secret.txt",
                "\\\\other-pc\\share\\secret.txt",
                "//other-pc/share/secret.txt",
                "link-out",
                "dir-out/secret.txt",
                "a\u0000b",
                "",
                "DoseFractions",
                "missing.tiff"
            })
    void refusesEveryWayOutAndAnythingThatIsNotAFileInside(String path) {
        assertThatThrownBy(() -> roots.resolve(path)).isInstanceOf(StorageRoots.Refused.class);
    }

    @Test
    void anAbsolutePathOutsideTheRootsIsRefusedEvenWhenTheFileExists() {
        assertThatThrownBy(() -> roots.resolve(outside.toString()))
                .isInstanceOf(StorageRoots.Refused.class)
                .hasMessageContaining("outside the storage roots");
    }

    @Test
    void aFileLaterReplacedByALinkOutOfTheRootIsNoLongerContained() throws Exception {
        Path file = roots.resolve("DoseFractions/GridSquare_1/a.tiff");
        assertThat(roots.contains(file)).isTrue();
        Files.delete(file);
        Files.createSymbolicLink(file, outside);
        assertThat(roots.contains(file)).isFalse();
    }

    @Test
    void withoutRootsNothingResolves() {
        StorageRoots none = new StorageRoots(List.of(), List.of());
        assertThatThrownBy(() -> none.resolve(
                        root.resolve("DoseFractions/GridSquare_1/a.tiff").toString()))
                .hasMessageContaining("--storage-root");
    }

    @Test
    void aRootThatDoesNotExistIsRefusedAtStart() {
        assertThatThrownBy(() -> new StorageRoots(List.of(tmp.resolve("nope")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }
}
