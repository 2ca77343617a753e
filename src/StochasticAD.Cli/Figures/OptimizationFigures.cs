using System.Globalization;
using ScottPlot;
using StochasticAD.Models;
using StochasticAD.Optimization;

namespace StochasticAD.Cli.Figures;

/// <summary>
/// An optimisation problem of the StochasticAD.jl tutorials in three panels: the exact objective
/// E[X(p)] with its optimum, the exact derivative with triple estimates ± 2 stderr, and the
/// iterates of SGD and Adam against the step (same settings as tests/…/OptimizationProblemTests).
/// </summary>
public abstract class OptimizationFigure : IFigure
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public IReadOnlyList<ModelSetting> Settings =>
    [
        new("steps", DefaultSteps, 1, 1_000_000, true, "optimisation steps of each optimiser"),
        new("batch", DefaultBatch, 1, 10_000, true, "derivative estimates averaged per step"),
    ];

    /// <inheritdoc/>
    public string DefaultFileName => Name + ".png";

    /// <summary>The model.</summary>
    protected abstract StochasticModel Model { get; }

    /// <summary>What is optimised, for titles: "maximise E[X(p)]".</summary>
    protected abstract string Goal { get; }

    /// <summary>The parameter's symbol.</summary>
    protected abstract string Symbol { get; }

    /// <summary>The optimum.</summary>
    protected abstract double Optimum { get; }

    /// <summary>The range of p plotted.</summary>
    protected abstract (double From, double To) Range { get; }

    /// <summary>The default number of steps.</summary>
    protected abstract int DefaultSteps { get; }

    /// <summary>The default batch size.</summary>
    protected abstract int DefaultBatch { get; }

    /// <summary>The starting parameter (the tutorial's).</summary>
    protected abstract double Initial { get; }

    /// <summary>Where the objective panel's legend goes (away from the curve and the optimum).</summary>
    protected abstract Alignment ObjectiveLegend { get; }

    /// <summary>Where the derivative panel's legend goes.</summary>
    protected abstract Alignment DerivativeLegend { get; }

    /// <summary>The optimisers' options other than steps, batch and seed.</summary>
    protected abstract OptimizationOptions Options { get; }

    /// <summary>The two rules compared: SGD first, then Adam.</summary>
    protected abstract IStepRule[] MakeRules();

    /// <inheritdoc/>
    public void Render(FigureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        StochasticModel model = Model;
        var (from, to) = Range;
        double[] grid = Enumerable.Range(0, 201).Select(i => from + ((to - from) * i / 200)).ToArray();
        double[] mean = grid.Select(p => model.ExactMean(p)!.Value).ToArray();
        double[] slope = grid.Select(p => model.ExactDerivative(p)!.Value).ToArray();
        double[] points = Enumerable.Range(1, 9).Select(i => from + ((to - from) * i / 10)).ToArray();
        var estimateOptions = new EstimationOptions { Seed = context.Seed, Samples = context.Samples ?? 10_000 };
        EstimationResult[] estimates = points
            .Select(p => Estimator.Derivative(model, p, EstimatorKind.Triple, estimateOptions, null, cancellationToken)).ToArray();

        int steps = (int)context.Setting("steps", DefaultSteps);
        int batch = (int)context.Setting("batch", DefaultBatch);
        int last = steps / 2;
        OptimizationOptions options = Options with { Steps = steps, BatchSize = batch, Seed = context.Seed };
        OptimizationTrace[] traces = MakeRules()
            .Select(rule => Optimizer.Run(model, Initial, rule, options, cancellationToken)).ToArray();

        string s = Symbol;
        // A cancelled estimate is partial: draw nothing from it (the command exits with 130).
        cancellationToken.ThrowIfCancellationRequested();
        Plot objective = Plotting.NewPlot($"{model.Name}: {Goal}", s, $"E[X({s})] (exact)");
        objective.Add.ScatterLine(grid, mean).LegendText = "exact E[X]";
        MarkOptimum(objective, model.ExactMean(Optimum, cancellationToken)!.Value, $"{s}* = {Optimum:G6}");
        objective.ShowLegend(ObjectiveLegend);

        Plot derivative = Plotting.NewPlot($"d/d{s} E[X({s})]", s, $"dE/d{s}");
        derivative.Add.ScatterLine(grid, slope).LegendText = "exact";
        var marks = derivative.Add.Scatter(points, estimates.Select(r => r.Mean).ToArray());
        marks.LineWidth = 0;
        marks.MarkerSize = 8;
        marks.LegendText = $"triple estimate ± 2 stderr ({estimateOptions.Samples} samples)";
        derivative.Add.ErrorBar(points, estimates.Select(r => r.Mean).ToArray(), estimates.Select(r => 2 * r.StandardError).ToArray());
        derivative.Add.HorizontalLine(0, 1, Colors.Black);
        MarkOptimum(derivative, 0, null);
        derivative.ShowLegend(DerivativeLegend);

        Plot trace = Plotting.NewPlot($"Optimiser trace (seed {context.Seed}, batch {batch})", "step", s);
        double[] stepAxis = Enumerable.Range(0, steps + 1).Select(i => (double)i).ToArray();
        foreach (OptimizationTrace t in traces)
        {
            double[] values = t.Steps.Select(x => x.Parameters[0]).Append(t.Final[0]).ToArray();
            trace.Add.ScatterLine(stepAxis, values).LegendText = $"{t.Rule}: mean of last {last} = {t.MeanOfLast(last)[0]:G5}";
        }

        var optimumLine = trace.Add.HorizontalLine(Optimum, 2, Colors.Green, LinePattern.Dashed);
        optimumLine.LegendText = $"{s}* = {Optimum:G6}";
        trace.ShowLegend(Alignment.LowerRight);

        var multiplot = new Multiplot(objective);
        multiplot.AddPlot(derivative);
        multiplot.AddPlot(trace);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        string? folder = Path.GetDirectoryName(Path.GetFullPath(context.PngFile));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        multiplot.SavePng(context.PngFile, Plotting.Width, 3 * Plotting.Height * 2 / 3);

        var rows = new List<IReadOnlyList<object>>();
        for (int i = 0; i < points.Length; i++)
        {
            rows.Add(["derivative-estimate", points[i], estimates[i].Mean, estimates[i].StandardError, model.ExactDerivative(points[i], cancellationToken)!.Value]);
        }

        foreach (OptimizationTrace t in traces)
        {
            for (int i = 0; i < t.Steps.Count; i++)
            {
                rows.Add([t.Rule, i, t.Steps[i].Parameters[0], t.Steps[i].Gradient[0], Optimum]);
            }
        }

        Plotting.WriteCsv(context.CsvFile, ["series", "x", "value", "stderr_or_gradient", "reference"], rows);
        foreach (OptimizationTrace t in traces)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t.Rule}: final {s} = {t.Final[0]:F5}, mean of last {last} = {t.MeanOfLast(last)[0]:F5}, optimum {Optimum:F5}"));
        }

    }

    private void MarkOptimum(Plot plot, double y, string? label)
    {
        var line = plot.Add.VerticalLine(Optimum, 2, Colors.Green, LinePattern.Dashed);
        if (label is not null)
        {
            line.LegendText = label;
            var point = plot.Add.Marker(Optimum, y, MarkerShape.FilledCircle, 10, Colors.Green);
            point.LegendText = string.Create(CultureInfo.InvariantCulture, $"optimum E = {y:G6}");
        }
    }
}

/// <summary>Maximising the crazy program's mean (StochasticAD.jl tutorial "Optimizing our toy program").</summary>
public sealed class CrazyOptimizationFigure : OptimizationFigure
{
    /// <inheritdoc/>
    public override string Name => "crazy-optimization";

    /// <inheritdoc/>
    public override string Description => "Maximise E[X(p)] of the crazy program: exact objective, derivative with triple estimates, SGD and Adam traces.";

    /// <inheritdoc/>
    protected override StochasticModel Model { get; } = new CrazyModel();

    /// <inheritdoc/>
    protected override string Goal => "maximise E[X(p)]";

    /// <inheritdoc/>
    protected override string Symbol => "p";

    /// <summary>The root of 40p + 570p² − 840p³ in (0.5, 1).</summary>
    protected override double Optimum => 0.7426885446394624;

    /// <inheritdoc/>
    protected override (double From, double To) Range => (0.01, 0.99);

    /// <inheritdoc/>
    protected override int DefaultSteps => 1000;

    /// <inheritdoc/>
    protected override int DefaultBatch => 4;

    /// <inheritdoc/>
    protected override Alignment ObjectiveLegend => Alignment.UpperLeft;

    /// <inheritdoc/>
    protected override Alignment DerivativeLegend => Alignment.LowerLeft;

    /// <inheritdoc/>
    protected override double Initial => 0.5;

    /// <inheritdoc/>
    protected override OptimizationOptions Options { get; } =
        new() { Goal = OptimizationGoal.Maximize, Projection = Optimizer.Clamp(0.01, 0.99) };

    /// <inheritdoc/>
    protected override IStepRule[] MakeRules() => [new Sgd(0.0005), new Adam(0.001)];
}

/// <summary>Minimising KL(Poisson(λ) ‖ NB(10, 0.25)) (StochasticAD.jl tutorial "Solving a variational problem").</summary>
public sealed class KlOptimizationFigure : OptimizationFigure
{
    /// <inheritdoc/>
    public override string Name => "kl-optimization";

    /// <inheritdoc/>
    public override string Description => "Minimise KL(Poisson(λ) ‖ NB(10, 0.25)): exact objective, derivative with triple estimates, SGD and Adam traces.";

    /// <inheritdoc/>
    protected override StochasticModel Model { get; } = new KlPoissonNegBinModel();

    /// <inheritdoc/>
    protected override string Goal => "minimise KL(Pois(λ) ‖ NB(10, 0.25))";

    /// <inheritdoc/>
    protected override string Symbol => "λ";

    /// <inheritdoc/>
    protected override double Optimum { get; } = new KlPoissonNegBinModel().ExactMinimizer();

    /// <inheritdoc/>
    protected override (double From, double To) Range => (5, 60);

    /// <inheritdoc/>
    protected override int DefaultSteps => 1500;

    /// <inheritdoc/>
    protected override int DefaultBatch => 10;

    /// <inheritdoc/>
    protected override Alignment ObjectiveLegend => Alignment.UpperCenter;

    /// <inheritdoc/>
    protected override Alignment DerivativeLegend => Alignment.LowerRight;

    /// <inheritdoc/>
    protected override double Initial => 10;

    /// <inheritdoc/>
    protected override OptimizationOptions Options { get; } = new() { Projection = Optimizer.Clamp(0.1, 1e6) };

    /// <inheritdoc/>
    protected override IStepRule[] MakeRules() => [new Sgd(10), new Adam(0.1)];
}
