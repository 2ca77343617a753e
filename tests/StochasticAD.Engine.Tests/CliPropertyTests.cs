using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using StochasticAD.Cli;

namespace StochasticAD.Engine.Tests;

/// <summary>A command line made of tokens a user (or a hostile tester) might type.</summary>
/// <param name="Args">The arguments; "{dir}" stands for the run's own empty folder.</param>
public sealed record RandomCommandLine(string[] Args)
{
    /// <inheritdoc/>
    public override string ToString() => string.Join(' ', Args);
}

/// <summary>Generates <see cref="RandomCommandLine"/>s: a command, a target and up to eight options and values, then a tiny sample count.</summary>
public static class RandomCommandLines
{
    private static readonly string[] s_commands = ["list", "estimate", "compare", "sweep", "figure", "figures", "foo", "--help", "-n"];

    private static readonly string[] s_targets =
    [
        "random-walk", "crazy", "sir", "kl-poisson-negbin", "particle-filter", "game-of-life", "nope", "CRAZY",
        "crazy-derivative", "sir-derivative", "particle-filter-gradient", "kl-optimization", "--json", "",
    ];

    private static readonly string[] s_tokens =
    [
        "--p", "0.5", "1,5", "-1", "1e-5", "12.5", "NaN", "abc", "1e400", "--stderr", "0.1", "--max-samples", "100", "--seed", "7",
        "--estimator", "-e", "fd", "score", "value", "TRIPLE", "--backend", "-b", "exact", "smoothed", "EXACT", "bogus",
        "--strategy", "two-sided", "ignore-discrete", "two--sided", "1", "--threads", "2", "--set", "steps=5", "agents=10",
        "infected=20", "beta=0", "m=4", "T=3", "half-width=1", "x=1", "steps=1,5", "gamma=1", "--h", "0.001", "--json",
        "--over", "p", "steps", "agents", "--values", "0.2,0.4", "0.1,,0.2", "5,10,...,20", "--from", "--to", "--points", "3",
        "--estimators", "triple,fd", "--plot", "mean", "--p-per", "2", "-o", "--out", "{dir}/a.png", "{dir}/b.txt", "{dir}",
        "--linear-y", "-n", "--samples", "0", "9223372036854775807", "", " ", "--", "=",
    ];

    /// <summary>Option-value pairs that make sense for estimate (so that a fair share of the cases run to the end).</summary>
    private static readonly string[][] s_sensiblePairs =
    [
        ["--p", "0.5"], ["--seed", "7"], ["--backend", "exact"], ["-b", "Smoothed"], ["--strategy", "two-sided"], ["--threads", "2"],
        ["--json"], ["-e", "fd"], ["-e", "score-cv"], ["--estimator", "value"], ["--set", "steps=5"], ["--h", "0.01"],
    ];

    /// <summary>The arbitrary FsCheck uses for <see cref="RandomCommandLine"/> parameters.</summary>
    public static Arbitrary<RandomCommandLine> CommandLine()
    {
        Gen<string[]> anything = from count in Gen.Choose(0, 8)
                                 from tokens in Gen.ArrayOf(Gen.Elements(s_tokens), count)
                                 select tokens;
        Gen<string[]> sensible = from count in Gen.Choose(0, 4)
                                 from pairs in Gen.ArrayOf(Gen.Elements(s_sensiblePairs), count)
                                 select pairs.SelectMany(p => p).ToArray();
        return (from command in Gen.Elements(s_commands)
                from target in Gen.Elements(s_targets)
                from middle in Gen.OneOf(anything, sensible)
                select new RandomCommandLine([command, target, .. middle, "-n", "16"])).ToArbitrary();
    }
}

/// <summary>
/// Issue 11: random argument vectors never crash the command line. Every run exits 0 (it made
/// sense) or 2 (it did not, with a message), never prints a stack trace or a .NET type name, and
/// writes no file when it exits 2. Runs in process with 16 samples, so a case takes milliseconds.
/// </summary>
public sealed class CliPropertyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "stochad-property-" + Guid.NewGuid().ToString("N"));

    public CliPropertyTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Property(MaxTest = 150, Arbitrary = [typeof(RandomCommandLines)])]
    public bool Random_command_lines_exit_0_or_2_without_stack_traces_and_write_nothing_on_2(RandomCommandLine line)
    {
        string dir = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string[] args = Array.ConvertAll(line.Args, a => a.Replace("{dir}", dir, StringComparison.Ordinal));
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);

        // A generous guard: a case that runs this long is a bug of its own (exit 130 fails the property).
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int code = CliApp.RunAsync(args, stdout, stderr, interactive: false, guard.Token).GetAwaiter().GetResult();
        string text = stdout.ToString() + stderr;
        bool clean = !text.Contains("   at ", StringComparison.Ordinal) && !text.Contains("System.", StringComparison.Ordinal)
            && !text.Contains("`1", StringComparison.Ordinal) && !text.Contains("(Parameter '", StringComparison.Ordinal)
            && !text.Contains("Unhandled", StringComparison.Ordinal);
        bool wroteNothing = !Directory.EnumerateFileSystemEntries(dir).Any();
        bool ok = (code == 0 || code == 2) && clean && (code != 2 || wroteNothing)
            && (code != 2 || stderr.ToString().StartsWith("stochad: ", StringComparison.Ordinal));
        Assert.True(ok, $"exit {code} for: {line}\n{text}");
        return ok;
    }
}
