using System.Collections;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Media.Tests.Relay;

/// <summary>
/// A minimal singleton-only container over a service collection (the test project references only the DI
/// abstractions): instances, factories, types (the widest resolvable constructor), open generics and
/// <see cref="IEnumerable{T}"/>; disposes what it created, last first.
/// </summary>
internal sealed class RelayTestServiceProvider(IServiceCollection services) : IServiceProvider, IAsyncDisposable, IDisposable
{
    private readonly List<ServiceDescriptor> _descriptors = [.. services];
    private readonly Dictionary<ServiceDescriptor, Dictionary<Type, object>> _instances = [];
    private readonly List<object> _created = [];

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IServiceProvider)) return this;
        if (serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = serviceType.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            foreach (var descriptor in _descriptors)
            {
                if (Matches(descriptor, element)) list.Add(Resolve(descriptor, element));
            }

            var array = Array.CreateInstance(element, list.Count);
            list.CopyTo(array, 0);
            return array;
        }

        for (var i = _descriptors.Count - 1; i >= 0; i--)
        {
            if (Matches(_descriptors[i], serviceType)) return Resolve(_descriptors[i], serviceType);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            if (_created[i] is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (_created[i] is IDisposable disposable) disposable.Dispose();
        }

        _created.Clear();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The public constructor with the most parameters that can all be resolved.</summary>
    private object Construct(Type type)
    {
        foreach (var constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var parameters = constructor.GetParameters();
            var arguments = new object?[parameters.Length];
            var ok = true;
            for (var i = 0; i < parameters.Length && ok; i++)
            {
                arguments[i] = GetService(parameters[i].ParameterType);
                if (arguments[i] is null)
                {
                    if (parameters[i].HasDefaultValue) arguments[i] = parameters[i].DefaultValue;
                    else ok = false;
                }
            }

            if (ok) return constructor.Invoke(arguments);
        }

        throw new InvalidOperationException("Cannot construct " + type);
    }

    private static bool Matches(ServiceDescriptor descriptor, Type serviceType) =>
        descriptor.ServiceType == serviceType
        || (serviceType.IsGenericType && descriptor.ServiceType.IsGenericTypeDefinition && descriptor.ServiceType == serviceType.GetGenericTypeDefinition());

    private object Resolve(ServiceDescriptor descriptor, Type serviceType)
    {
        if (!_instances.TryGetValue(descriptor, out var byType)) _instances[descriptor] = byType = [];
        if (byType.TryGetValue(serviceType, out var existing)) return existing;
        object instance;
        if (descriptor.ImplementationInstance is { } given)
        {
            instance = given;
        }
        else
        {
            instance = descriptor.ImplementationFactory is { } factory
                ? factory(this)
                : Construct(descriptor.ImplementationType!.IsGenericTypeDefinition
                    ? descriptor.ImplementationType.MakeGenericType(serviceType.GetGenericArguments())
                    : descriptor.ImplementationType);
            _created.Add(instance);
        }

        byType[serviceType] = instance;
        return instance;
    }
}
