using BenchmarkDotNet.Running;

// Every suite in this assembly: `dotnet run -c Release --project perf -- --filter '*Gemm*'`;
// add `--job dry` for a smoke run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
