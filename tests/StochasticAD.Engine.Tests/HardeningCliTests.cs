using System.Globalization;
using System.Text.Json;
using StochasticAD.Cli;

namespace StochasticAD.Engine.Tests;

/// <summary>
/// Issue 11: every bad command line gets exit 2 and one clear line, cancelled runs exit 130 and
/// leave no half-written files. One row per reproducer: arguments → exit code, a fragment of
/// stderr (or stdout), and the files left in the test's folder.
/// </summary>
public sealed class HardeningCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "stochad-harden-" + Guid.NewGuid().ToString("N"));

    public HardeningCliTests()
    {
        Directory.CreateDirectory(_dir);
        Directory.CreateDirectory(Path.Combine(_dir, "d.png")); // a folder with a PNG's name (item 10)
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs in process; "{dir}" in an argument is the test's folder.</summary>
    private async Task<(int Code, string Out, string Err)> Run(string[] args, int? width = null, CancellationToken ct = default)
    {
        string[] resolved = Array.ConvertAll(args, a => a.Replace("{dir}", _dir, StringComparison.Ordinal));
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = await CliApp.RunAsync(resolved, stdout, stderr, interactive: false, width, ct);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The files in the test's folder other than the d.png folder, as names.</summary>
    private string[] Files() => [.. Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Where(n => n != "d.png").Order(StringComparer.Ordinal)!];

    public static TheoryData<string, string, int, string> UsageErrors() => new()
    {
        // 1. numbers in the invariant culture, no group separators
        { "1", "estimate random-walk --p 1,5 -n 10", 2, "--p takes a finite number" },
        { "1", "estimate crazy --stderr 0,5", 2, "--stderr takes a finite number" },
        { "1", "estimate crazy -e fd --h 1,5e-3 -n 10", 2, "--h takes a finite number" },
        { "1", "sweep crazy --over p --from 0,1 --to 0.5 --points 3 -n 10 -o {dir}/s.png", 2, "--from takes a finite number" },
        { "1", "sweep crazy --over p --from 0.1 --to 0,5 --points 3 -n 10 -o {dir}/s.png", 2, "--to takes a finite number" },
        { "1", "estimate crazy --p NaN -n 10", 2, "--p takes a finite number" },
        { "1", "estimate random-walk --set steps=1,000 -n 10", 2, "--set takes name=value" },

        // 2. strategies: exact names only
        { "2", "estimate crazy --strategy two-sided,single-sided -n 10", 2, "unknown strategy 'two-sided,single-sided'" },
        { "2", "estimate crazy --strategy 1 -n 10", 2, "unknown strategy '1'" },
        { "2", "estimate crazy --strategy two--sided -n 10", 2, "unknown strategy 'two--sided'" },
        { "2", "estimate crazy --strategy twosided -n 10", 2, "unknown strategy 'twosided'" },
        { "2", "estimate crazy --strategy -two-sided -n 10", 2, "unknown strategy '-two-sided'" },

        // 7. --max-samples only caps --stderr
        { "7", "estimate crazy --max-samples 10", 2, "--max-samples caps --stderr" },

        // 10. output paths are checked before anything runs
        { "10", "figure crazy-derivative -n 10 -o ", 2, "--out must name a .png file, but is empty" },
        { "10", "figure crazy-derivative -n 10 -o {dir}", 2, "name a .png file" },
        { "10", "figure crazy-derivative -n 10 -o {dir}/d.png", 2, "is a folder" },
        { "10", "figure crazy-derivative -n 10 -o /proc/no-such/x.png", 2, "cannot write --out" },
        { "10", "sweep crazy --over p --values 0.2,0.5 -n 10 -o {dir}/d.png", 2, "is a folder" },
        { "10", "figure sir-derivative --set infected=10 -n 10 -o {dir}/f.png", 2, "initially infected" },
        { "10", "figure particle-filter-gradient -n 1 -o {dir}/f.png", 2, "--samples" },

        // 11. usage errors, not failures
        { "11", "sweep sir --over agents --values 10,5 --set infected=8 -n 10 -o {dir}/s.png", 2, "at agents = 5" },
        { "11", "estimate crazy -n 9223372036854775807", 2, "--samples must be at most 9007199254740992" },
        { "11", "estimate crazy -n 99999999999999999999", 2, "--samples takes a whole number" },

        // 14. messages in the user's terms, consistent names, caps
        { "14", "estimate crazy --samples abc", 2, "--samples takes a whole number, but got 'abc'" },
        { "14", "estimate crazy --threads x", 2, "--threads takes a whole number" },
        { "14", "estimate random-walk --set steps=-1", 2, "The setting steps must be a whole number in [0, 100000], but is -1." },
        { "14", "estimate sir --set beta=0", 2, "p defaults to 0 with these settings (--set beta=0)" },
        { "14", "foo", 2, "stochad: unknown command 'foo'" },
        { "14", "", 2, "stochad: give a command" },
        { "14", "sweep crazy --over p --from 0.1 --to 0.9 --points 100000 -o {dir}/s.png", 2, "--points must be at most 10000" },
        { "14", "figure crazy-derivative -n 10 -o {dir}/x.txt", 2, "--out must name a .png file" },
        { "14", "sweep crazy --over p --values 0.1,,0.2 -n 10 -o {dir}/s.png", 2, "--values has an empty entry" },
        { "14", "estimate crazy --backend bogus", 2, "unknown backend 'bogus'" },

        // 15. p outside the model's range is reported in the model's terms
        { "15", "estimate random-walk --p -1", 2, "p = -1 is out of range for random-walk: p > 0." },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Bad_command_lines_exit_2_with_one_clear_message_and_leave_no_files(string item, string commandLine, int exit, string fragment)
    {
        string[] args = commandLine.Length == 0 ? [] : commandLine.Split(' ');
        var (code, stdout, stderr) = await Run(args);
        Assert.True(code == exit, $"item {item}: {commandLine} → {code}\n{stderr}");
        Assert.Contains(fragment, stderr, StringComparison.Ordinal);
        AssertClean(stdout + stderr);
        Assert.Empty(Files());
    }

    public static TheoryData<string, string, string> Successes() => new()
    {
        // 1. a point is the decimal separator in every culture
        { "1", "estimate random-walk --p 12.5 -n 20 --json", "\"p\":12.5" },

        // 2. names are case-insensitive, exact otherwise
        { "2", "estimate crazy --strategy TWO-SIDED -n 20 --json", "\"strategy\":\"two-sided\"" },
        { "14", "estimate crazy -b EXACT -n 20 --json", "\"backend\":\"exact\"" },
        { "14", "estimate crazy -e TRIPLE -n 20 --json", "\"estimator\":\"triple\"" },

        // 4. the random walk's reference is exact, also where a difference quotient broke down
        { "4", "estimate random-walk --p 1e-5 -n 20 --json", "\"exact\":0," },
        { "4", "estimate random-walk --p 1e-4 -n 20 --json", "\"exact\":0," },

        // 13. --json carries the strategy, the --set values and the fd step
        { "13", "estimate random-walk --set steps=20 -e fd --h 0.5 -n 20 --json", "\"settings\":{\"steps\":20}" },
        { "13", "estimate random-walk --set steps=20 -e fd --h 0.5 -n 20 --json", "\"fd_step\":0.5" },
        { "13", "estimate random-walk --set steps=20 -n 20 --json", "\"strategy\":\"default\"" },
    };

    [Theory]
    [MemberData(nameof(Successes))]
    public async Task Good_command_lines_exit_0_with_the_expected_output(string item, string commandLine, string fragment)
    {
        var (code, stdout, stderr) = await Run(commandLine.Split(' '));
        Assert.True(code == 0, $"item {item}: {commandLine} → {code}\n{stderr}");
        Assert.Contains(fragment, stdout, StringComparison.Ordinal);
        AssertClean(stdout + stderr);
    }

    [Fact]
    public async Task Item07_a_missed_stderr_target_is_reported_in_json_and_on_stderr()
    {
        var (code, stdout, stderr) = await Run(["estimate", "crazy", "--stderr", "0.0001", "--max-samples", "2000", "--json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(stdout.Trim());
        Assert.True(doc.RootElement.GetProperty("target_missed").GetBoolean());
        Assert.Equal(2000, doc.RootElement.GetProperty("samples").GetInt64());
        Assert.Contains("was not reached within --max-samples 2000", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await Run(["estimate", "crazy", "--stderr", "2", "--json"]);
        Assert.Equal(0, code);
        using JsonDocument met = JsonDocument.Parse(stdout.Trim());
        Assert.False(met.RootElement.GetProperty("target_missed").GetBoolean());
        Assert.DoesNotContain("warning", stderr, StringComparison.Ordinal);
    }

    /// <summary>Items 3 and 12: cancelling any command exits 130; figures write nothing, sweeps only finished points.</summary>
    [Theory]
    [InlineData("3", "figure crazy-derivative -n 100000000 -o {dir}/c.png")]
    [InlineData("3", "figure sir-derivative -n 100000000 -o {dir}/s.png")]
    [InlineData("12", "estimate crazy -n 100000000000 --json")]
    [InlineData("12", "compare crazy -n 100000000000 --json")]
    [InlineData("12", "sweep crazy --over p --values 0.3,0.6 -n 100000000000 -o {dir}/w.png")]
    public async Task Cancelled_commands_exit_130_and_write_no_unfinished_points(string item, string commandLine)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var (code, stdout, stderr) = await Run(commandLine.Split(' '), ct: cts.Token);
        Assert.True(code == CliApp.Cancelled, $"item {item}: {commandLine} → {code}\n{stderr}");
        Assert.Contains("cancelled", stderr, StringComparison.Ordinal);
        AssertClean(stdout + stderr);
        Assert.Empty(Files());
        Assert.DoesNotContain("0.0000 ± NaN", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item13_list_json_prints_one_object_per_model()
    {
        var (code, stdout, _) = await Run(["list", "--json"]);
        Assert.Equal(0, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(StochasticAD.Models.ModelCatalog.Names.Count, lines.Length);
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            Assert.Contains(doc.RootElement.GetProperty("model").GetString(), StochasticAD.Models.ModelCatalog.Names);
            Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("settings").ValueKind);
        }
    }

    [Fact]
    public async Task Item16_tables_fit_80_columns_show_no_nan_and_have_no_trailing_spaces()
    {
        var (code, stdout, stderr) = await Run(["compare", "crazy", "-n", "300"], width: 80);
        Assert.True(code == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));
        Assert.Equal(4, lines.Count(l => l.Contains(" ± ", StringComparison.Ordinal) && !l.Contains("stderr", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("│         │", StringComparison.Ordinal)); // no row wraps onto a second line

        // Zero variance: efficiency and z are not finite; the cells say so without NaN or Infinity.
        (code, stdout, stderr) = await Run(["estimate", "random-walk", "--p", "1e-5", "-n", "50"]);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("NaN", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", stdout, StringComparison.Ordinal);
        Assert.All(stdout.Split('\n'), l => Assert.Equal(l.TrimEnd(), l));
    }

    [Fact]
    public async Task Item16_list_columns_are_aligned()
    {
        var (code, stdout, _) = await Run(["list"]);
        Assert.Equal(0, code);
        int[] columns = [.. stdout.Split('\n').Where(l => l.Length > 0 && l[0] != ' ').Select(l => l.IndexOf("p = ", StringComparison.Ordinal))];
        Assert.Equal(StochasticAD.Models.ModelCatalog.Names.Count, columns.Length);
        Assert.Single(columns.Distinct());
    }

    [Fact]
    public async Task Item17_warming_up_before_timing_does_not_change_the_results()
    {
        // compare warms every estimator on another seed before timing; the timed samples are those of estimate.
        var (code, compared, stderr) = await Run(["compare", "crazy", "-n", "1000", "--json", "--seed", "5"]);
        Assert.True(code == 0, stderr);
        var (code2, single, stderr2) = await Run(["estimate", "crazy", "-n", "1000", "--json", "--seed", "5"]);
        Assert.True(code2 == 0, stderr2);
        double Mean(string line) => JsonDocument.Parse(line).RootElement.GetProperty("mean").GetDouble();
        Assert.Equal(Mean(single.Trim()), Mean(compared.Split('\n')[0]));
    }

    /// <summary>No stack trace, no .NET type names, no framework message suffixes.</summary>
    internal static void AssertClean(string text)
    {
        foreach (string leak in new[] { "   at ", "System.", "`1", "(Parameter '", "Actual value was", "Unhandled exception" })
        {
            Assert.False(text.Contains(leak, StringComparison.Ordinal), $"'{leak}' in:\n{text}");
        }
    }
}
