"""Sign-in for API clients: expiring tokens (sliding), listed and revoked by their owner.

Tokens are django-rest-knox tokens: stored as a hash, valid for ``API_TOKEN_TTL`` after their last
use (sliding), sent as ``Authorization: Token <token>``. Wrong passwords count towards the same
lockout as the sign-in page and the admin (django-axes, keyed on the client's real address).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.selectors import tokens_of
from accounts.services import token_issue, token_revoke, tokens_revoke_all
from core.errors import ApplicationError


class LoginThrottle(AnonRateThrottle):
    scope = "login"
    rate = "30/minute"


TokenResponse = inline_serializer("TokenResponse", {
    "token": serializers.CharField(), "expiry": serializers.DateTimeField(allow_null=True)})


class TokenApi(APIView):
    """`POST`: exchange a username and password for an API token. `DELETE`: revoke the token you sent."""

    throttle_classes = [LoginThrottle]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_authenticators(self):
        if self.request is not None and self.request.method == "POST":
            return []  # signing in needs no credentials (and a stale token must not stop it)
        return super().get_authenticators()

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenResponse})
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):  # set by django-axes' backend, right password or not
            raise ApplicationError("Too many failed sign-ins: try again later.", code="locked_out", status=429)
        if not valid:
            raise serializers.ValidationError(serializer.errors)
        token, key = token_issue(user=serializer.validated_data["user"], request=request)
        return Response({"token": key, "expiry": token.expiry})

    @extend_schema(request=None, responses={204: OpenApiResponse(description="The token is revoked.")})
    def delete(self, request):
        if isinstance(request.auth, AuthToken):
            token_revoke(user=request.user, token_key=request.auth.token_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenOutput(serializers.Serializer):
    id = serializers.CharField(source="token_key", help_text="The token's first characters (never the token)")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField()

    def get_current(self, token) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, AuthToken) and auth.pk == token.pk


class TokenListApi(APIView):
    """`GET`: your API tokens. `DELETE`: revoke all of them (every script signs in again)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TokenOutput(many=True))
    def get(self, request):
        return Response(TokenOutput(tokens_of(request.user), many=True, context={"request": request}).data)

    @extend_schema(operation_id="v1_auth_tokens_revoke_all", request=None,
                   responses={204: OpenApiResponse(description="All your tokens are revoked.")})
    def delete(self, request):
        tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="v1_auth_tokens_revoke", request=None,
                   responses={204: OpenApiResponse(description="The token is revoked.")})
    def delete(self, request, token_id: str):
        token_revoke(user=request.user, token_key=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=inline_serializer("Me", {
        "id": serializers.IntegerField(), "username": serializers.CharField(), "role": serializers.CharField(),
        "yard": serializers.IntegerField(allow_null=True), "buyer": serializers.IntegerField(allow_null=True),
    }))
    def get(self, request):
        user = request.user
        return Response({"id": user.pk, "username": user.username, "role": user.role,
                         "yard": user.yard_id, "buyer": user.buyer_id})
