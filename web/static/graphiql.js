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

  // GraphiQL's editors leave a few gaps that screen readers and keyboards
  // meet; fill them in whenever GraphiQL redraws.
  function patch(root) {
    root.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach(function (t) {
      var label = "Variables or headers (JSON)";
      if (t.closest(".graphiql-query-editor")) label = "GraphQL query";
      else if (t.readOnly || t.closest(".graphiql-response")) label = "Response";
      t.setAttribute("aria-label", label);
    });
    root.querySelectorAll(".CodeMirror-scroll:not([tabindex=\"0\"])").forEach(function (s) {
      s.setAttribute("tabindex", "0");
    });
    // A tab is the button inside the list item, not the item that holds
    // the tab's buttons.
    root.querySelectorAll('li[role="tab"]').forEach(function (li) {
      var button = li.querySelector("button");
      if (!button) return;
      button.setAttribute("role", "tab");
      button.setAttribute("aria-selected", li.getAttribute("aria-selected") || "false");
      li.setAttribute("role", "presentation");
      li.removeAttribute("aria-selected");
    });
  }

  var el = document.getElementById("graphiql");
  new MutationObserver(function () { patch(el); }).observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-selected"] });
  var root = ReactDOM.createRoot(el);
  root.render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: "/graphql" }),
    defaultQuery: example,
    defaultEditorToolsVisibility: "headers"
  }));
})();
