package io.tributary.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link ApicurioRegistry#locateDistribution()} finds the registry without the property. */
class LocateDistributionTest {

    @Test
    void unpacksTheMavenArtifactOnceIntoTheCache(@TempDir Path cacheRoot) throws Exception {
        // The build fetched the tarball into the local repository to unpack it for the tests.
        Path dir = ApicurioRegistry.locateDistribution(cacheRoot, ApicurioRegistry.mavenRepository());
        assertEquals(cacheRoot.resolve("apicurio-" + ApicurioRegistry.VERSION), dir);
        assertTrue(Files.isRegularFile(dir.resolve("quarkus-run.jar")));
        try (var leftovers = Files.list(cacheRoot)) {
            assertEquals(1, leftovers.count(), "no staging directory is left behind");
        }

        long before = Files.getLastModifiedTime(dir.resolve("quarkus-run.jar")).toMillis();
        assertEquals(dir, ApicurioRegistry.locateDistribution(cacheRoot, ApicurioRegistry.mavenRepository()));
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("quarkus-run.jar")).toMillis(), "reused, not unpacked again");
    }

    @Test
    void missingDistributionSaysHowToGetIt(@TempDir Path cacheRoot, @TempDir Path emptyRepository) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApicurioRegistry.locateDistribution(cacheRoot, emptyRepository));
        assertTrue(e.getMessage().contains("dependency:get -Dartifact=io.apicurio:apicurio-registry-app:"
                + ApicurioRegistry.VERSION + ":tar.gz:all"), e.getMessage());
        assertTrue(e.getMessage().contains(ApicurioRegistry.DIR_PROPERTY), e.getMessage());
    }
}
