using System.Text.Json;
using StochasticAD.Cli;

namespace StochasticAD.Engine.Tests;

public class CliTests
{
    /// <summary>Runs the command line in process, capturing its output and exit code.</summary>
    internal static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Compare_json_prints_one_object_per_estimator_with_the_fields()
    {
        var (code, stdout, stderr) = await Run("compare", "crazy", "--samples", "2000", "--json", "--seed", "1");
        Assert.True(code == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        var estimators = new List<string>();
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement o = doc.RootElement;
            foreach (string field in new[] { "model", "estimator", "backend", "p", "samples", "mean", "stderr", "std", "seconds", "exact" })
            {
                Assert.True(o.TryGetProperty(field, out _), $"missing {field} in {line}");
            }

            Assert.Equal("crazy", o.GetProperty("model").GetString());
            Assert.Equal(0.6, o.GetProperty("p").GetDouble());
            Assert.Equal(2000, o.GetProperty("samples").GetInt64());
            Assert.Equal(47.76, o.GetProperty("exact").GetDouble(), 10);
            estimators.Add(o.GetProperty("estimator").GetString()!);
        }

        Assert.Equal(["triple", "score", "score-cv", "fd"], estimators);
    }

    [Fact]
    public async Task Estimate_json_with_target_stderr()
    {
        var (code, stdout, stderr) = await Run("estimate", "random-walk", "--set", "steps=20", "--p", "10", "--stderr", "0.5", "--json", "--threads", "2");
        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout.Trim());
        Assert.Equal("triple", doc.RootElement.GetProperty("estimator").GetString());
        Assert.True(doc.RootElement.GetProperty("stderr").GetDouble() <= 0.5);
        Assert.False(doc.RootElement.GetProperty("partial").GetBoolean());
    }

    [Fact]
    public async Task Estimate_value_and_table_output()
    {
        var (code, stdout, stderr) = await Run("estimate", "crazy", "--estimator", "value", "--samples", "1000");
        Assert.True(code == 0, stderr);
        Assert.Contains("E[X(p)]", stdout, StringComparison.Ordinal);
        Assert.Contains("21.024", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pruned")]
    [InlineData("pruned-wins")]
    [InlineData("aggressive")]
    [InlineData("exact")]
    [InlineData("smoothed")]
    public async Task Every_backend_is_accepted_by_name_and_reported(string backend)
    {
        var (code, stdout, stderr) = await Run("estimate", "crazy", "--samples", "3000", "--backend", backend, "--json", "--seed", "3");
        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout.Trim());
        Assert.Equal(backend, doc.RootElement.GetProperty("backend").GetString());
        double mean = doc.RootElement.GetProperty("mean").GetDouble();
        double stderrOfMean = doc.RootElement.GetProperty("stderr").GetDouble();
        Assert.True(Math.Abs(mean - 47.76) <= 4 * stderrOfMean, $"{backend}: {mean} ± {stderrOfMean}");
    }

    [Fact]
    public async Task Ignore_discrete_strategy_shows_the_bias_of_dual_numbers()
    {
        var (code, stdout, stderr) = await Run("estimate", "crazy", "--samples", "3000", "--strategy", "ignore-discrete", "--json");
        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout.Trim());
        double mean = doc.RootElement.GetProperty("mean").GetDouble();
        double stderrOfMean = doc.RootElement.GetProperty("stderr").GetDouble();
        Assert.True(Math.Abs(mean - 47.76) > 10 * stderrOfMean, $"ignore-discrete should be biased: {mean} ± {stderrOfMean}");
    }

    [Fact]
    public async Task Figure_writes_a_png_and_its_csv()
    {
        string folder = Path.Combine(Path.GetTempPath(), "stochad-test-" + Guid.NewGuid().ToString("N"));
        string png = Path.Combine(folder, "crazy.png");
        try
        {
            var (code, stdout, stderr) = await Run("figure", "crazy-derivative", "--out", png, "--samples", "500");
            Assert.True(code == 0, stderr);
            Assert.Contains("wrote", stdout, StringComparison.Ordinal);
            byte[] bytes = await File.ReadAllBytesAsync(png);
            Assert.True(bytes.Length > 5000, $"PNG of {bytes.Length} bytes");
            Assert.Equal(0x89, bytes[0]); // PNG signature
            string[] csv = await File.ReadAllLinesAsync(Path.ChangeExtension(png, ".csv"));
            Assert.Equal("p,mean,stderr,exact", csv[0]);
            Assert.Equal(10, csv.Length);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task List_names_the_models()
    {
        var (code, stdout, _) = await Run("list");
        Assert.Equal(0, code);
        Assert.Contains("random-walk", stdout, StringComparison.Ordinal);
        Assert.Contains("crazy", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown model", "estimate", "nope")]
    [InlineData("out of range", "estimate", "crazy", "--p", "1.5")]
    [InlineData("out of range", "compare", "random-walk", "--p", "-3")]
    [InlineData("--samples must be > 0", "estimate", "crazy", "--samples", "-5")]
    [InlineData("--samples must be > 0", "estimate", "crazy", "--samples", "0")]
    [InlineData("not both", "estimate", "crazy", "--samples", "10", "--stderr", "0.1")]
    [InlineData("--stderr must be > 0", "estimate", "crazy", "--stderr", "-1")]
    [InlineData("unknown estimator", "estimate", "crazy", "--estimator", "magic")]
    [InlineData("--threads", "estimate", "crazy", "--threads", "-1")]
    [InlineData("smaller --h", "compare", "crazy", "--p", "0.995")]
    [InlineData("abc", "estimate", "crazy", "--samples", "abc")]
    [InlineData("unknown backend 'bogus'", "estimate", "crazy", "--backend", "bogus")]
    [InlineData("unknown strategy", "estimate", "crazy", "--strategy", "sideways")]
    [InlineData("has no setting 'steps'", "estimate", "crazy", "--set", "steps=3")]
    [InlineData("--set takes name=value", "estimate", "random-walk", "--set", "steps")]
    [InlineData("must be a whole number", "estimate", "random-walk", "--set", "steps=2.5")]
    [InlineData("unknown figure", "figure", "nope")]
    [InlineData("has no setting", "figure", "crazy-derivative", "--set", "x=1")]
    [InlineData("stochad", "estimate")]
    [InlineData("stochad", "frobnicate")]
    public async Task Bad_arguments_exit_2_with_a_message_and_no_stack_trace(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
    }
}
