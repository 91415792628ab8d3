namespace DropWatch.Cli.Filtering;

/// <summary>
/// Recursive descent over the tokens, one method per rule (see the README's grammar):
/// <code>
/// expr       = and { "||" and }
/// and        = unary { "&amp;&amp;" unary }
/// unary      = "!" unary | "(" expr ")" | comparison
/// comparison = field ( "==" value | "!=" value | "in" "(" value { "," value } ")" )
/// </code>
/// so <c>!</c> binds tighter than <c>&amp;&amp;</c>, which binds tighter than <c>||</c>.
/// </summary>
internal sealed class FilterParser
{
    private readonly List<FilterToken> _tokens;
    private readonly IReadOnlyCollection<string>? _knownReasons;
    private int _next;

    private FilterParser(List<FilterToken> tokens, IReadOnlyCollection<string>? knownReasons)
    {
        _tokens = tokens;
        _knownReasons = knownReasons;
    }

    public static FilterNode Parse(string text, IReadOnlyCollection<string>? knownReasons)
    {
        var parser = new FilterParser(FilterLexer.Tokenize(text), knownReasons);
        FilterNode root = parser.ParseOr();
        FilterToken rest = parser.Peek;
        if (rest.Kind != TokenKind.End)
        {
            throw new FilterSyntaxException(rest.Column, rest.Kind == TokenKind.RightParen
                ? "unexpected ')' without a matching '('"
                : $"expected '&&', '||' or the end, not {rest.Shown}");
        }
        return root;
    }

    private FilterToken Peek => _tokens[_next];

    private FilterToken Take() => _tokens[_next++];

    private FilterNode ParseOr()
    {
        FilterNode left = ParseAnd();
        while (Peek.Kind == TokenKind.Or)
        {
            Take();
            left = new OrNode(left, ParseAnd());
        }
        return left;
    }

    private FilterNode ParseAnd()
    {
        FilterNode left = ParseUnary();
        while (Peek.Kind == TokenKind.And)
        {
            Take();
            left = new AndNode(left, ParseUnary());
        }
        return left;
    }

    private FilterNode ParseUnary()
    {
        FilterToken t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Not:
                Take();
                return new NotNode(ParseUnary());
            case TokenKind.LeftParen:
                Take();
                FilterNode inner = ParseOr();
                if (Peek.Kind != TokenKind.RightParen)
                    throw new FilterSyntaxException(Peek.Column, $"expected ')' to close the '(' at column {t.Column}, not {Peek.Shown}");
                Take();
                return inner;
            case TokenKind.Word:
                return ParseComparison();
            default:
                throw new FilterSyntaxException(t.Column, $"expected a field ({FilterFields.List}), '!' or '(', not {t.Shown}");
        }
    }

    private FilterNode ParseComparison()
    {
        FilterToken name = Take();
        if (!FilterFields.TryParse(name.Text, out FilterField field))
            throw new FilterSyntaxException(name.Column, $"unknown field '{name.Text}'; the fields are {FilterFields.List}");
        FilterToken op = Take();
        var values = new List<FilterToken>();
        bool negated;
        switch (op.Kind)
        {
            case TokenKind.Equal or TokenKind.NotEqual:
                negated = op.Kind == TokenKind.NotEqual;
                values.Add(TakeValue($"after '{op.Text}'"));
                break;
            case TokenKind.Word when op.Text == "in":
                negated = false;
                FilterToken open = Take();
                if (open.Kind != TokenKind.LeftParen)
                    throw new FilterSyntaxException(open.Column, $"expected '(' after 'in', not {open.Shown}");
                values.Add(TakeValue("after '('"));
                while (Peek.Kind == TokenKind.Comma)
                {
                    Take();
                    values.Add(TakeValue("after ','"));
                }
                FilterToken close = Take();
                if (close.Kind != TokenKind.RightParen)
                    throw new FilterSyntaxException(close.Column, $"expected ',' or ')' in the list that starts at column {open.Column}, not {close.Shown}");
                break;
            default:
                throw new FilterSyntaxException(op.Column, $"expected '==', '!=' or 'in' after '{name.Text}', not {op.Shown}");
        }
        return Compile(field, values, negated);
    }

    private FilterToken TakeValue(string where)
    {
        FilterToken t = Take();
        if (t.Kind is TokenKind.Word or TokenKind.String)
            return t;
        throw new FilterSyntaxException(t.Column, $"expected a value {where}");
    }

    private FilterNode Compile(FilterField field, List<FilterToken> values, bool negated)
    {
        switch (field)
        {
            case FilterField.Symbol or FilterField.IfName or FilterField.Comm:
                return new NameTest(field, values.ConvertAll(v => v.Text).ToArray(), negated);
            case FilterField.Reason:
                return new ReasonTest(values.ConvertAll(v =>
                    FilterValues.TryReason(v.Text, _knownReasons, out byte[] name, out string error)
                        ? name
                        : throw new FilterSyntaxException(v.Column, error)).ToArray(), negated);
            case FilterField.Src or FilterField.Dst:
                return new AddressTest(field == FilterField.Src, values.ConvertAll(v =>
                    IpPrefix.TryParse(v.Text, out IpPrefix prefix, out string error)
                        ? prefix
                        : throw new FilterSyntaxException(v.Column, error)).ToArray(), negated);
            default:
                return new NumberTest(field, values.ConvertAll(v =>
                    FilterValues.TryNumber(field, v.Text, out ulong number, out string error)
                        ? number
                        : throw new FilterSyntaxException(v.Column, error)).ToArray(), negated);
        }
    }
}
