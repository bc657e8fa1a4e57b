using BenchmarkDotNet.Running;
using SimdNn.Perf;

// Every suite in this assembly: `dotnet run -c Release --project perf -- --filter '*Gemm*'`;
// add `--job dry` for a smoke run. `-- paired [rounds]` runs PairedPeerRun instead, `-- int8peak` Int8Peak,
// `-- quantized-paired [rounds]` QuantizedPairedRun.
if (args.Length > 0 && args[0] == "paired") PairedPeerRun.Run(args[1..]);
else if (args.Length > 0 && args[0] == "int8peak") Int8Peak.Run();
else if (args.Length > 0 && args[0] == "quantized-paired") QuantizedPairedRun.Run(args[1..]);
else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
