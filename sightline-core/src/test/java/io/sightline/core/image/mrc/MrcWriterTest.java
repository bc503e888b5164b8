package io.sightline.core.image.mrc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.testing.ExternalTools;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What MrcWriter writes, mrcfile (CCP-EM's reference implementation) validates and reads back as written. */
class MrcWriterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "INT8, IMAGE, LITTLE_ENDIAN, int8, 0",
        "INT16, STACK, BIG_ENDIAN, int16, 0",
        "FLOAT32, VOLUME, LITTLE_ENDIAN, float32, 1",
        "UINT16, VOLUME, BIG_ENDIAN, uint16, 1",
        "FLOAT16, STACK, LITTLE_ENDIAN, float16, 0"
    })
    void mrcfileValidatesTheFileAndReadsTheValuesWritten(
            PixelType type, Layout layout, String order, String dtype, int ispg) throws Exception {
        Path python = ExternalTools.python();
        Path file = dir.resolve("written.mrc");
        int sections = layout == Layout.IMAGE ? 1 : 3;
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        // mrcfile checks float16 statistics in float16, whose sums of squares overflow at these values: eighths stay
        // small
        float scale = type == PixelType.FLOAT16 ? 8 : 1;
        MrcWriter.write(file, new MrcWriter.Spec(7, 5, sections, type, layout, 1.25, byteOrder), z -> {
            float[] v = new float[35];
            for (int i = 0; i < v.length; i++) {
                v[i] = (z * 35 + i - 50) / scale;
            }
            return v;
        });
        Path report = dir.resolve("report.txt");
        String check = String.join(
                "\n",
                "import mrcfile, numpy as np, sys",
                "ok = mrcfile.validate(sys.argv[1], print_file=open('/dev/null', 'w'))",
                "m = mrcfile.open(sys.argv[1])",
                "d = m.data.reshape(-1, 5, 7).astype(np.float64)",
                "want = (np.arange(d.size).reshape(d.shape) - 50.0) / float(sys.argv[3])",
                "lo, hi = {'int8': (-128, 127), 'uint16': (0, 65535)}.get(m.data.dtype.name, (-1e9, 1e9))",
                "same = bool(np.array_equal(d, np.clip(want, lo, hi)))",
                "print(ok, m.data.dtype.name, m.header.ispg, m.voxel_size.x, same,",
                "      m.header.dmin == d.min(), m.header.dmax == d.max(), file=open(sys.argv[2], 'w'))");
        ExternalTools.runOrFail(
                List.of(python.toString(), "-c", check, file.toString(), report.toString(), String.valueOf(scale)));

        assertThat(Files.readString(report).strip().split(" "))
                .containsExactly("True", dtype, String.valueOf(ispg), "1.25", "True", "True", "True");
    }
}
