using StochasticAD.Random;

namespace StochasticAD.Models.Tests;

/// <summary>Every registered model runs with double and with triples at its default parameter, and its catalog entry is consistent.</summary>
public class ModelCatalogTests
{
    public static TheoryData<string> Names() => [.. ModelCatalog.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Model_runs_at_its_default_parameter_with_double_and_triples(string name)
    {
        StochasticModel model = ModelCatalog.Create(name);
        Assert.Equal(name, model.Name);
        Assert.True(model.IsValid(model.DefaultP));
        double x = model.Run(model.DefaultP, new StochasticRandom(1));
        Assert.True(double.IsFinite(x), $"{name}: X = {x}");
        double d = Derivative.Estimate(q => model.Run(q, new StochasticRandom(2)), model.DefaultP);
        Assert.True(double.IsFinite(d), $"{name}: derivative estimate {d}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Settings_are_validated(string name)
    {
        ModelEntry entry = ModelCatalog.Find(name)!;
        Assert.Throws<ArgumentException>(() => ModelCatalog.Create(name, new Dictionary<string, double> { ["no-such-setting"] = 1 }));
        foreach (ModelSetting setting in entry.Settings)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ModelCatalog.Create(name, new Dictionary<string, double> { [setting.Name] = setting.Maximum + 1 }));
            Assert.Equal(setting.Name, ex.ParamName);
        }
    }
}
