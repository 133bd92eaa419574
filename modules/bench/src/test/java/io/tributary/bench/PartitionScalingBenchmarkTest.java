package io.tributary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionScalingBenchmarkTest {

    @Test
    void parsesLayouts() {
        PartitionScalingBenchmark.Layout layout = PartitionScalingBenchmark.Layout.parse(" 4/2 ");
        assertEquals(4, layout.partitions());
        assertEquals(2, layout.threads());
        assertEquals("4/2", layout.toString());
        assertEquals("4 partitions, 2 threads", layout.label());
        assertEquals("1 partition, 1 thread", PartitionScalingBenchmark.Layout.parse("1/1").label());
        assertThrows(IllegalArgumentException.class, () -> PartitionScalingBenchmark.Layout.parse("4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PartitionScalingBenchmark.Layout.parse("0/1"))
                .getMessage().contains(">= 1"));
    }

    @Test
    void theFirstLayoutIsTheReferenceAndNoneRepeats() {
        PartitionScalingBenchmark.Options options = PartitionScalingBenchmark.Options.parse(
                new String[] {"--layouts", "2/2,1/1", "--repeats", "3"});
        assertEquals(List.of(new PartitionScalingBenchmark.Layout(2, 2), new PartitionScalingBenchmark.Layout(1, 1)),
                options.layouts());
        assertEquals(3, options.repeats());
        assertThrows(IllegalArgumentException.class,
                () -> PartitionScalingBenchmark.Options.parse(new String[] {"--layouts", "1/1,1/1"}));
        assertThrows(IllegalArgumentException.class,
                () -> PartitionScalingBenchmark.Options.parse(new String[] {"--repeats", "0"}));
    }
}
