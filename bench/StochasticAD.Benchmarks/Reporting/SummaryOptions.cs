namespace StochasticAD.Benchmarks.Reporting;

/// <summary>The options of the <c>summary</c> command.</summary>
/// <param name="Quick">A much shorter job and fewer samples: a smoke test, not numbers to publish.</param>
/// <param name="OutputPath">Where the markdown goes.</param>
/// <param name="Verbose">Show BenchmarkDotNet's own log instead of one line per benchmark.</param>
/// <param name="InProcess">Run the benchmarks in this process (always with --quick): faster, but the JIT's profile of the library is shared by all of them.</param>
internal sealed record SummaryOptions(bool Quick, string OutputPath, bool Verbose, bool InProcess)
{
    public const string Usage =
        "usage: dotnet run --project bench/StochasticAD.Benchmarks -c Release -- summary [--quick] [--in-process] [--out FILE] [--verbose]\n" +
        "  --quick       a short job in this process and few samples: a smoke test\n" +
        "  --in-process  run the benchmarks in this process, not each in its own (faster, less faithful)\n" +
        "  --out         the markdown file to write (default: docs/benchmarks.md of the repository)\n" +
        "  --verbose     show BenchmarkDotNet's log";

    /// <summary>Parses the arguments after <c>summary</c>; null and a message when they are invalid, null and no message for --help.</summary>
    public static SummaryOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        bool quick = false, verbose = false, inProcess = false;
        string? output = null;
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--in-process":
                    inProcess = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--out" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    error = args[i] == "--out" ? "--out needs a file name." : $"Unknown argument '{args[i]}'.";
                    return null;
            }
        }

        return new SummaryOptions(quick, Path.GetFullPath(output ?? DefaultOutput()), verbose, inProcess || quick);
    }

    /// <summary>docs/benchmarks.md of the repository that holds the working directory, else of the working directory.</summary>
    private static string DefaultOutput()
    {
        string root = MachineInfo.RepositoryRoot() ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "docs", "benchmarks.md");
    }
}
