using System.Globalization;
using System.Numerics;
using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// An agent-based SIR epidemic: N agents, each susceptible, infected or recovered; I₀ infected at
/// the start (agents 0..I₀−1), the rest susceptible. Output: the number of agents ever infected
/// after T steps, N − S_T. The parameter p is the infection probability β (default) or the
/// recovery probability γ (setting <c>wrt</c>).
/// </summary>
/// <remarks>
/// <para>
/// One step, in this fixed order (the order is part of the model: the exact chain follows it):
/// </para>
/// <list type="number">
/// <item>Snapshot who is infected at the start of the step.</item>
/// <item>For agent i = 0, 1, …, N−1 in index order: draw a uniformly random contact j ∈ {0..N−1}
/// (possibly i itself) and a transmission b ~ Bernoulli(β); agent j becomes infected when i was
/// infected at the start of the step, j is susceptible at this moment, and b = 1. Contacts are
/// applied one at a time, so a later contact sees the infections of earlier ones in the same step.
/// Agents infected during the step neither make contacts nor recover in that step.</item>
/// <item>For agent i = 0, 1, …, N−1: recover with probability γ if it was infected at the start of the step.</item>
/// </list>
/// <para>
/// States are 0/1 indicator arrays of the number type and every update is arithmetic on them
/// (new = wasInfected[i] · susceptible[j] · b), never a comparison, so the same code runs with
/// <c>double</c> and with triples. The contact and the Bernoulli draws are made for every agent,
/// infected or not, because on a jump's path an agent that is healthy on the primal path may be
/// infected (and a triple cannot decide a branch), and because it keeps the random stream
/// aligned across parameters (common random numbers for finite differences). The contact is a
/// uniform index read with <see cref="Indexing.At{T}(T[], T)"/>; its probabilities do not depend
/// on p, so it carries no jump and is the same agent on every path, which is why writing the
/// update back at that index is exact. (A <c>rng.Categorical</c> over N equal probabilities is
/// equivalent in law but costs O(N) per contact.)
/// </para>
/// <para>
/// Exact values come from a Markov chain on the counts (S, I) (<see cref="ExactEverInfected{T}"/>),
/// which is exact because agents are exchangeable and contacts are uniform: each of the I contacts
/// of a step infects with probability β·S/N at its moment, then Binomial(I, γ) of the I recover.
/// The chain is generic over the number type, so run with a triple that has a dual part and no
/// randomness it yields the exact derivative by forward-mode AD.
/// </para>
/// </remarks>
public sealed class SirModel : StochasticModel
{
    /// <summary>The default population size N.</summary>
    public const int DefaultAgents = 20;

    /// <summary>The default number initially infected I₀.</summary>
    public const int DefaultInfected = 1;

    /// <summary>The default number of steps T.</summary>
    public const int DefaultSteps = 10;

    /// <summary>The default infection probability β.</summary>
    public const double DefaultBeta = 0.5;

    /// <summary>The default recovery probability γ.</summary>
    public const double DefaultGamma = 0.25;

    /// <summary>The largest population for which <see cref="ExactMean"/> and <see cref="ExactDerivative"/> run the chain (its cost grows like N⁴·T).</summary>
    public const int ExactLimit = 120;

    /// <summary>Builds the model.</summary>
    /// <param name="agents">The population size N ≥ 1.</param>
    /// <param name="infected">The number initially infected, 0 ≤ I₀ ≤ N.</param>
    /// <param name="steps">The number of steps T ≥ 0.</param>
    /// <param name="beta">The infection probability β in [0, 1] (used when p is γ; otherwise the default p).</param>
    /// <param name="gamma">The recovery probability γ in [0, 1] (used when p is β; otherwise the default p).</param>
    /// <param name="pIsGamma">False: p is β. True: p is γ.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (named, with its value).</exception>
    public SirModel(
        int agents = DefaultAgents, int infected = DefaultInfected, int steps = DefaultSteps,
        double beta = DefaultBeta, double gamma = DefaultGamma, bool pIsGamma = false)
    {
        Agents = agents >= 1 ? agents : throw new ArgumentOutOfRangeException(nameof(agents), agents, "The population size must be >= 1.");
        Infected = infected >= 0 && infected <= agents
            ? infected
            : throw new ArgumentOutOfRangeException(nameof(infected), infected, $"The number initially infected must be in [0, {agents}] (the population size).");
        Steps = steps >= 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), steps, "The number of steps must be >= 0.");
        Beta = beta is >= 0 and <= 1 ? beta : throw new ArgumentOutOfRangeException(nameof(beta), beta, "The infection probability must be in [0, 1].");
        Gamma = gamma is >= 0 and <= 1 ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The recovery probability must be in [0, 1].");
        PIsGamma = pIsGamma;
    }

    /// <summary>The population size N.</summary>
    public int Agents { get; }

    /// <summary>The number initially infected I₀.</summary>
    public int Infected { get; }

    /// <summary>The number of steps T.</summary>
    public int Steps { get; }

    /// <summary>The infection probability β when p is γ, and the default p otherwise.</summary>
    public double Beta { get; }

    /// <summary>The recovery probability γ when p is β, and the default p otherwise.</summary>
    public double Gamma { get; }

    /// <summary>Whether p is the recovery probability γ (otherwise the infection probability β).</summary>
    public bool PIsGamma { get; }

    /// <inheritdoc/>
    public override string Name => "sir";

    /// <inheritdoc/>
    public override string Description => PIsGamma
        ? string.Create(CultureInfo.InvariantCulture, $"Agent-based SIR, N = {Agents}, I0 = {Infected}, T = {Steps}, p = recovery probability γ (β = {Beta}); output: agents ever infected")
        : string.Create(CultureInfo.InvariantCulture, $"Agent-based SIR, N = {Agents}, I0 = {Infected}, T = {Steps}, p = infection probability β (γ = {Gamma}); output: agents ever infected");

    /// <inheritdoc/>
    public override double DefaultP => PIsGamma ? Gamma : Beta;

    /// <inheritdoc/>
    public override bool IsValid(double p) => p > 0 && p < 1;

    /// <inheritdoc/>
    public override string Range => PIsGamma ? "0 < γ < 1" : "0 < β < 1";

    /// <inheritdoc/>
    public override T Run<T>(T p, StochasticRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        T beta = PIsGamma ? T.CreateChecked(Beta) : p;
        T gamma = PIsGamma ? p : T.CreateChecked(Gamma);
        int n = Agents;
        var susceptible = new T[n];
        var infected = new T[n];
        var wasInfected = new T[n];
        for (int k = 0; k < n; k++)
        {
            infected[k] = k < Infected ? T.One : T.Zero;
            susceptible[k] = T.One - infected[k];
        }

        for (int step = 0; step < Steps; step++)
        {
            Array.Copy(infected, wasInfected, n);
            for (int i = 0; i < n; i++)
            {
                T contact = T.CreateChecked(rng.Next(n));
                T transmits = rng.Bernoulli(beta);
                T newlyInfected = wasInfected[i] * Indexing.At(susceptible, contact) * transmits;

                // The contact's probabilities do not depend on p, so it has no jump: the same
                // agent on every path, and the checked conversion would throw if that ever changed.
                int j = int.CreateChecked(contact);
                susceptible[j] -= newlyInfected;
                infected[j] += newlyInfected;
            }

            for (int i = 0; i < n; i++)
            {
                infected[i] -= wasInfected[i] * rng.Bernoulli(gamma);
            }
        }

        T everInfected = T.CreateChecked(n);
        for (int k = 0; k < n; k++)
        {
            everInfected -= susceptible[k];
        }

        return everInfected;
    }

    /// <summary>E[N − S_T] from the exact chain, or null when p is invalid or N exceeds <see cref="ExactLimit"/>.</summary>
    public override double? ExactMean(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) && Agents <= ExactLimit
            ? (PIsGamma
                ? ExactEverInfected(Agents, Infected, Steps, Beta, p, cancellationToken)
                : ExactEverInfected(Agents, Infected, Steps, p, Gamma, cancellationToken))
            : null;

    /// <summary>dE[N − S_T]/dp by forward-mode AD through the exact chain, or null when p is invalid or N exceeds <see cref="ExactLimit"/>.</summary>
    public override double? ExactDerivative(double p, CancellationToken cancellationToken = default)
    {
        if (!IsValid(p) || Agents > ExactLimit)
        {
            return null;
        }

        // A triple with dual part 1 and no randomness is a dual number: the chain's arithmetic carries d/dp.
        var dual = StochasticTriple<PrunedJumps>.Parameter(p, 1, new DifferentiationRun());
        var beta = PIsGamma ? new StochasticTriple<PrunedJumps>(Beta) : dual;
        var gamma = PIsGamma ? dual : new StochasticTriple<PrunedJumps>(Gamma);
        return ExactEverInfected(Agents, Infected, Steps, beta, gamma, cancellationToken).Derivative;
    }

    /// <summary>The largest N × T for which <see cref="ReferenceDerivative"/> samples a finite-difference reference (its 20 000 samples then take about a minute on one core).</summary>
    public const long SampledReferenceLimit = 20_000;

    /// <summary>
    /// The reference derivative: exact for N ≤ <see cref="ExactLimit"/>; otherwise central finite
    /// differences with common random numbers (h = 0.02, 20 000 samples, seed 1) while N × T ≤
    /// <see cref="SampledReferenceLimit"/>; null for larger models, where that reference would take hours.
    /// </summary>
    public override ReferenceValue? ReferenceDerivative(double p, CancellationToken cancellationToken = default)
    {
        if (ExactDerivative(p, cancellationToken) is double d)
        {
            return new ReferenceValue(d, 0, "exact");
        }

        if (!IsValid(p) || (long)Agents * Steps > SampledReferenceLimit)
        {
            return null;
        }

        const double h = 0.02;
        const long samples = 20_000;
        double step = Math.Min(h, Math.Min(p, 1 - p) / 2);
        var options = new EstimationOptions { Seed = 1, Samples = samples, FiniteDifferenceStep = step };
        EstimationResult fd = Estimator.Derivative(this, p, EstimatorKind.FiniteDifference, options, null, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return new ReferenceValue(fd.Mean, fd.StandardError, string.Create(CultureInfo.InvariantCulture, $"fd-crn h = {step}, {samples} samples"));
    }

    /// <summary>
    /// E[N − S_T] for the model's step order, by propagating the distribution of the counts
    /// (S, I) exactly. Generic over the number type: with a dual-number-like triple for β or γ
    /// it returns the exact derivative in its dual part.
    /// </summary>
    /// <param name="agents">N ≥ 1.</param>
    /// <param name="infected">I₀ in [0, N].</param>
    /// <param name="steps">T ≥ 0.</param>
    /// <param name="beta">β in [0, 1].</param>
    /// <param name="gamma">γ in [0, 1].</param>
    /// <param name="cancellationToken">Checked once per step and state; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <remarks>
    /// Within a step with counts (S, I): the I agents infected at the start each make one contact,
    /// one after the other; a contact infects with probability β·S/N, S being the count at that
    /// moment (the contacted agent is uniform among all N, including infected and recovered ones
    /// and the contacting agent itself). Independently Binomial(I, γ) of those I recover. With k
    /// new infections and r recoveries the next counts are (S − k, I − r + k). Cost O(N⁴·T) in the worst case.
    /// </remarks>
    public static T ExactEverInfected<T>(int agents, int infected, int steps, T beta, T gamma, CancellationToken cancellationToken = default)
        where T : INumber<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        if (infected < 0 || infected > agents)
        {
            throw new ArgumentOutOfRangeException(nameof(infected), infected, $"The number initially infected must be in [0, {agents}].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        int n = agents;
        int width = n + 1;

        // infectProbability[s] = β·s/N: the chance that one contact infects when s are susceptible.
        var infectProbability = new T[width];
        T population = T.CreateChecked(n);
        for (int s = 0; s <= n; s++)
        {
            infectProbability[s] = beta * T.CreateChecked(s) / population;
        }

        // recovery[i][r] = C(i, r) γ^r (1 − γ)^(i − r), built by the Pascal recurrence (no large binomial coefficients).
        var recovery = new T[width][];
        recovery[0] = [T.One];
        for (int i = 1; i <= n; i++)
        {
            var row = new T[i + 1];
            for (int r = 0; r <= i; r++)
            {
                T stay = r < i ? recovery[i - 1][r] * (T.One - gamma) : T.Zero;
                T recover = r > 0 ? recovery[i - 1][r - 1] * gamma : T.Zero;
                row[r] = stay + recover;
            }

            recovery[i] = row;
        }

        // probability[s * width + i], over s + i ≤ N; reachable marks states the structure can reach,
        // so that zero probabilities at β or γ ∈ {0, 1} are still propagated with their derivatives.
        var probability = NewZeros<T>(width * width);
        var reachable = new bool[width * width];
        probability[((n - infected) * width) + infected] = T.One;
        reachable[((n - infected) * width) + infected] = true;
        var contacts = new T[width];
        var advanced = new T[width];
        for (int step = 0; step < steps; step++)
        {
            var next = NewZeros<T>(width * width);
            var nextReachable = new bool[width * width];
            for (int s = 0; s <= n; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // contacts[x] = P(x susceptible after m contacts | s at the start), for m = 0, 1, …, N − s.
                Array.Fill(contacts, T.Zero, 0, s + 1);
                contacts[s] = T.One;
                for (int m = 0; m <= n - s; m++)
                {
                    if (m > 0)
                    {
                        // One more contact: x stays with probability 1 − β·x/N, or x + 1 drops to x with β·(x + 1)/N.
                        int low = Math.Max(0, s - m);
                        for (int x = low; x <= s; x++)
                        {
                            T stay = contacts[x] * (T.One - infectProbability[x]);
                            advanced[x] = x < s ? stay + (contacts[x + 1] * infectProbability[x + 1]) : stay;
                        }

                        Array.Copy(advanced, low, contacts, low, s - low + 1);
                    }

                    int state = (s * width) + m;
                    if (!reachable[state])
                    {
                        continue;
                    }

                    T here = probability[state];
                    T[] recoveries = recovery[m];
                    for (int x = Math.Max(0, s - m); x <= s; x++)
                    {
                        T weight = here * contacts[x];
                        int newlyInfected = s - x;
                        for (int r = 0; r <= m; r++)
                        {
                            int target = (x * width) + m - r + newlyInfected;
                            next[target] += weight * recoveries[r];
                            nextReachable[target] = true;
                        }
                    }
                }
            }

            probability = next;
            reachable = nextReachable;
        }

        T mean = T.Zero;
        for (int s = 0; s <= n; s++)
        {
            T ever = T.CreateChecked(n - s);
            for (int i = 0; i <= n - s; i++)
            {
                if (reachable[(s * width) + i])
                {
                    mean += probability[(s * width) + i] * ever;
                }
            }
        }

        return mean;
    }

    private static T[] NewZeros<T>(int length) where T : INumber<T>
    {
        var zeros = new T[length];
        Array.Fill(zeros, T.Zero);
        return zeros;
    }
}
