// Starts GraphiQL from the files the server embeds: no CDN.
(function () {
  "use strict";
  var example = [
    "# Tracuu GraphQL API. Mutations need the header",
    "#   {\"Authorization\": \"Bearer <token>\"}",
    "# in the Headers pane below.",
    "{",
    "  search(query: \"nghi quyet tinh uy\", first: 5) {",
    "    totalCount",
    "    edges {",
    "      highlights { field fragments }",
    "      node { ... on Article { title source publishedAt } }",
    "    }",
    "  }",
    "}",
    ""
  ].join("\n");
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: "/graphql" }),
    defaultQuery: example,
    defaultEditorToolsVisibility: "headers"
  }));
})();
