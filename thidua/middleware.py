class ContentSecurityPolicyMiddleware:
    """Everything is served from this host: no CDN, no inline script or style."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/api/v1/docs")):
            response.setdefault("Content-Security-Policy", self.POLICY)
        return response


class VietnameseByDefaultMiddleware:
    """Vietnamese unless the user chose otherwise (the language cookie set by the switcher).

    Browsers on government machines often send an English Accept-Language; it is ignored so the
    product opens in Vietnamese. Must run before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
