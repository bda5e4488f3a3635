"""DRF API: a ProductViewSet registered on the router in urls.py."""
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import Product
from .services.cdn import purge_product_cache
from .services.inventory import InventoryService


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "sku", "name", "price", "stock"]


class RestockSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)


class ProductViewSet(viewsets.ModelViewSet):
    queryset = Product.objects.order_by("sku")
    serializer_class = ProductSerializer
    permission_classes = [permissions.IsAdminUser]

    def perform_update(self, serializer):
        product = serializer.save()
        purge_product_cache(product.sku)  # OFP102

    @action(detail=True, methods=["post"])
    def restock(self, request, pk=None):
        data = RestockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inventory = InventoryService(request.user)
        product = inventory.restock(self.get_object(), data.validated_data["quantity"])  # OFP110
        return Response(ProductSerializer(product).data)
