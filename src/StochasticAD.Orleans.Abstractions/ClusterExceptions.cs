namespace StochasticAD.Orleans;

/// <summary>The base of the errors a cluster estimate reports to the user.</summary>
[GenerateSerializer]
public class ClusterEstimationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterEstimationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ClusterEstimationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterEstimationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A silo does not know the requested model.</summary>
[GenerateSerializer]
public sealed class UnknownModelException : ClusterEstimationException
{
    /// <summary>Creates the exception.</summary>
    public UnknownModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public UnknownModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnknownModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A client and a silo speak different versions of the messages.</summary>
[GenerateSerializer]
public sealed class ClusterVersionMismatchException : ClusterEstimationException
{
    /// <summary>Creates the exception.</summary>
    public ClusterVersionMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ClusterVersionMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterVersionMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A job's model setting, parameter, estimator, backend or option is invalid; the message names it and its value.</summary>
[GenerateSerializer]
public sealed class InvalidJobException : ClusterEstimationException
{
    /// <summary>Creates the exception.</summary>
    public InvalidJobException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InvalidJobException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidJobException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>No silo of the cluster could be reached (or none stayed alive to finish the job).</summary>
[GenerateSerializer]
public sealed class ClusterUnavailableException : ClusterEstimationException
{
    /// <summary>Creates the exception.</summary>
    public ClusterUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The model threw while a silo ran a batch; the message holds the model's exception type and message.</summary>
[GenerateSerializer]
public sealed class ModelFailedException : ClusterEstimationException
{
    /// <summary>Creates the exception.</summary>
    public ModelFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ModelFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ModelFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
