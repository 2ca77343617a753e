namespace StochasticAD.Cli.Figures;

/// <summary>The figures <c>stochad figure</c> can draw, by name.</summary>
public static class FigureCatalog
{
    private static readonly IFigure[] s_figures =
    [
        new MeanCurveFigure(),
        new GameOfLifeBoardFigure(),
        new ParticleFilterGradientFigure(),
        new SirDerivativeFigure(),
        new CrazyOptimizationFigure(),
        new KlOptimizationFigure(),
    ];

    /// <summary>All figures.</summary>
    public static IReadOnlyList<IFigure> All => s_figures;

    /// <summary>The figure called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static IFigure? Find(string name) =>
        Array.Find(s_figures, f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
