// The interactive API docs: Swagger UI (vendored from npm) on this server's own OpenAPI document.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
