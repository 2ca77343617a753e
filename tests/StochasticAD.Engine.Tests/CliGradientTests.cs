using System.Text.Json;

namespace StochasticAD.Engine.Tests;

/// <summary>`stochad gradient`: a model of several parameters, one JSON object per component.</summary>
public class CliGradientTests
{
    [Fact]
    public async Task Gradient_json_prints_one_object_per_component()
    {
        var (code, stdout, stderr) = await CliTests.Run("gradient", "sir-age-groups", "--samples", "200", "--json", "--seed", "3", "--threads", "1", "--chunk", "0");
        Assert.True(code == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        for (int k = 0; k < lines.Length; k++)
        {
            using JsonDocument doc = JsonDocument.Parse(lines[k]);
            JsonElement o = doc.RootElement;
            Assert.Equal("sir-age-groups", o.GetProperty("model").GetString());
            Assert.Equal(k, o.GetProperty("index").GetInt32());
            Assert.Equal(16, o.GetProperty("chunk").GetInt32());
            Assert.Equal(10, o.GetProperty("covariance").GetArrayLength());
            Assert.True(double.IsFinite(o.GetProperty("mean").GetDouble()));
        }
    }

    [Fact]
    public async Task Gradient_refuses_a_wrong_number_of_parameters_and_an_unknown_model()
    {
        var (code, _, stderr) = await CliTests.Run("gradient", "particle-filter-phi", "--at", "1,2,3");
        Assert.Equal(2, code);
        Assert.Contains("--at needs 4", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliTests.Run("gradient", "random-walk");
        Assert.Equal(2, code);
        Assert.Contains("sir-age-groups", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliTests.Run("gradient", "sir-age-groups", "--chunk", "3");
        Assert.Equal(2, code);
        Assert.Contains("GradientChunk", stderr, StringComparison.Ordinal);
    }
}
