/**
 * The float kernels: {@link kos.simd.FloatKernels} (dot, sum, max, axpy, matVec, exp, softmax) with
 * a scalar twin ({@link kos.simd.ScalarKernels}) and a Vector API implementation ({@link
 * kos.simd.PanamaKernels}) that give the same bits; {@link kos.simd.Kernels} picks one at class load.
 *
 * <p><b>Imports.</b> {@code jdk.incubator.vector} (this is the only package that may) and the SLF4J API
 * to say which implementation was chosen. Nothing else of kos, no picocli, JLine, Logback or
 * {@code kos.shell} (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.simd;
