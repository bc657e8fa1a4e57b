using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace Numerics.Simd;

/// <summary>
/// Splits one product across threads by column blocks of C (multiples of NR wide): each part
/// packs its own B panel (or reads its panels of a prepacked B) and the whole of A into its
/// thread's scratch and writes only its columns, so there is no sharing to synchronize and no
/// change in any element's arithmetic. Part 0 runs on the calling thread, the others on
/// background workers kept for the life of the process, so a parallel call allocates nothing
/// (Parallel.For allocates task objects per call). One parallel product uses the
/// workers at a time; a call that finds them busy runs all its parts on its own thread, which
/// gives the same bits.
/// </summary>
internal static unsafe class GemmParallel
{
    private static readonly object Gate = new();
    // A semaphore, not a ManualResetEventSlim: the latter allocates its lock object on its first
    // blocking wait, which made the first parallel call that had to wait allocate 24 bytes.
    private static readonly SemaphoreSlim Finished = new(0);
    private static Worker[] workers = [];
    private static Job current;
    private static Exception? failure;

    public static void Run(int threads, GemmKernelTable kernels, GemmBlocking blocking, int m, int n, int k, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint bRowStep, nint bColStep,
        float beta, float* c, nint ldc, float* bias, float* prepackedB = null,
        delegate*<float*, nint, int, int, void> epilogue = null)
    {
        var job = new Job(threads, kernels, blocking, m, n, k, alpha, a, aRowStep, aColStep, b, bRowStep, bColStep,
            beta, c, ldc, bias, prepackedB, epilogue);
        if (!Monitor.TryEnter(Gate))
        {
            for (int part = 0; part < threads; part++) job.RunPart(part);
            return;
        }

        try
        {
            while (workers.Length < threads - 1) workers = [.. workers, new Worker(workers.Length + 1)];
            current = job;
            failure = null;
            for (int part = 1; part < threads; part++) workers[part - 1].Start(part);
            try
            {
                job.RunPart(0);
            }
            finally
            {
                // Even if part 0 failed: the workers must be done with this job before the gate opens.
                for (int part = 1; part < threads; part++) Finished.Wait();
            }

            if (failure is { } error) ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>A product and how it is split: part p computes columns [first, last) of C.</summary>
    private readonly struct Job(int threads, GemmKernelTable kernels, GemmBlocking blocking, int m, int n, int k, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint bRowStep, nint bColStep,
        float beta, float* c, nint ldc, float* bias, float* prepackedB, delegate*<float*, nint, int, int, void> epilogue)
    {
        public void RunPart(int part)
        {
            int nr = kernels.NR;
            int slivers = (n + nr - 1) / nr;
            int first = slivers * part / threads * nr;
            int last = Math.Min(n, slivers * (part + 1) / threads * nr);
            if (last <= first) return;
            float* partBias = bias == null ? null : bias + first;
            // A packed B's panels for columns first… start first·k floats in (first is a multiple of NR).
            float* partPacked = prepackedB == null ? null : prepackedB + (nint)first * k;
            GemmDriver.Run(kernels, blocking, m, last - first, k, alpha, a, aRowStep, aColStep, b + first * bColStep, bRowStep, bColStep,
                beta, c + first, ldc, partBias, partPacked, epilogue);
        }
    }

    /// <summary>A background thread that runs one part of <see cref="current"/> each time it is started.</summary>
    [SuppressMessage("Reliability", "CA1001", Justification = "Workers, and their semaphores, live as long as the process.")]
    private sealed class Worker
    {
        private readonly SemaphoreSlim start = new(0);
        private int part;

        public Worker(int index)
        {
            new Thread(Loop) { IsBackground = true, Name = $"simd-nn GEMM worker {index}" }.Start();
        }

        public void Start(int part)
        {
            this.part = part;
            start.Release();
        }

        private void Loop()
        {
            while (true)
            {
                start.Wait();
                try
                {
                    current.RunPart(part);
                }
                catch (Exception error)
                {
                    failure = error;
                }
                finally
                {
                    Finished.Release();
                }
            }
        }
    }
}
