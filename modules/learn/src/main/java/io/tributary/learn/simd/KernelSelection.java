package io.tributary.learn.simd;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Picks the kernel implementation. {@link VectorKernels} is only ever named here as a string: a class that
 * mentions {@code jdk.incubator.vector} types in its signatures or constant pool would fail to link when the
 * module is absent, and this class (and {@link Kernels}) must load on any JVM.
 */
final class KernelSelection {

    private static final String VECTOR_IMPL = "io.tributary.learn.simd.VectorKernels";

    /** Initialised on first use of {@link Kernels#preferred()}, not when {@link Kernels} loads. */
    static final Kernels PREFERRED = choose(vectorModulePresent(), System.getProperty(Kernels.SIMD_PROPERTY));

    private KernelSelection() {
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(Kernels.VECTOR_MODULE).isPresent();
    }

    /** The selection rule, separated from the environment so that tests can exercise every branch. */
    static Kernels choose(boolean vectorModulePresent, String simdProperty) {
        boolean forcedScalar = simdProperty != null
                && simdProperty.trim().toLowerCase(Locale.ROOT).equals("scalar");
        if (vectorModulePresent && !forcedScalar) {
            return VectorHolder.INSTANCE;
        }
        return ScalarKernels.INSTANCE;
    }

    static Kernels vector() {
        if (!vectorModulePresent()) {
            throw new IllegalStateException("SIMD kernels need the " + Kernels.VECTOR_MODULE
                    + " module: start the JVM with --add-modules " + Kernels.VECTOR_MODULE);
        }
        return VectorHolder.INSTANCE;
    }

    /** Lazy holder: loading {@link VectorKernels} happens only after the module check passed. */
    private static final class VectorHolder {
        static final Kernels INSTANCE = load();

        private static Kernels load() {
            try {
                return (Kernels) Class.forName(VECTOR_IMPL).getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException
                     | IllegalAccessException | InvocationTargetException | LinkageError e) {
                throw new IllegalStateException("could not load the SIMD kernels (" + VECTOR_IMPL + ")", e);
            }
        }
    }
}
