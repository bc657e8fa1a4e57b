using SharpFuzz;
using SimdNn.Fuzz;

// Usage (scripts/fuzz.sh drives the first form under afl-fuzz):
//   SimdNn.Fuzz TARGET            run TARGET under afl-fuzz (or once on standard input without it)
//   SimdNn.Fuzz TARGET FILE...    replay files through TARGET, print each outcome; exit 1 if any breaks the contract
//   SimdNn.Fuzz seeds FOLDER      write the seed corpus
if (args.Length == 2 && args[0] == "seeds")
{
    Seeds.Write(args[1]);
    return 0;
}

if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: SimdNn.Fuzz TARGET [FILE...] | seeds FOLDER; targets: {string.Join(", ", Targets.All.Keys)}");
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        target(memory.ToArray());
    });
    return 0;
}

int broken = 0;
foreach (string file in args.Skip(1))
{
    try
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: ok");
    }
    catch (Exception error)
    {
        broken++;
        Console.WriteLine($"{file}: {error}");
    }
}

return broken == 0 ? 0 : 1;
