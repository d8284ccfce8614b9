<qgis styleCategories="Symbology" version="3.22.16-Białowieża">
  <renderer-v2 attr="status" enableorderby="0" forceraster="0" referencescale="-1" symbollevels="0" type="categorizedSymbol">
    <categories>
      <category label="Ledig" render="true" symbol="0" value="ledig"></category>
      <category label="Delvist ledig" render="true" symbol="1" value="delvist_ledig"></category>
      <category label="Reserveret" render="true" symbol="2" value="reserveret"></category>
      <category label="I udbud" render="true" symbol="3" value="i_udbud"></category>
      <category label="Fremtidig" render="true" symbol="4" value="fremtidig"></category>
      <category label="Anden værdi" render="true" symbol="5" value=""></category>
    </categories>
    <symbols>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="0" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="border_width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="color" type="QString" value="27,120,55,153"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="11,61,26,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.4"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="27,120,55,153"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="11,61,26,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.4"></prop>
          <prop k="outline_width_unit" v="MM"></prop>
          <prop k="style" v="solid"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="1" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="border_width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="color" type="QString" value="127,191,123,153"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="27,94,32,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.4"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="127,191,123,153"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="27,94,32,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.4"></prop>
          <prop k="outline_width_unit" v="MM"></prop>
          <prop k="style" v="solid"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="2" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="border_width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="color" type="QString" value="241,163,64,153"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="140,82,0,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.4"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="241,163,64,153"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="140,82,0,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.4"></prop>
          <prop k="outline_width_unit" v="MM"></prop>
          <prop k="style" v="solid"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="3" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="border_width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="color" type="QString" value="33,102,172,153"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="11,47,87,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.4"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="33,102,172,153"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="11,47,87,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.4"></prop>
          <prop k="outline_width_unit" v="MM"></prop>
          <prop k="style" v="solid"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="4" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="border_width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="color" type="QString" value="178,171,210,153"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="84,39,136,255"></Option>
            <Option name="outline_style" type="QString" value="dash"></Option>
            <Option name="outline_width" type="QString" value="0.4"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="178,171,210,153"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="84,39,136,255"></prop>
          <prop k="outline_style" v="dash"></prop>
          <prop k="outline_width" v="0.4"></prop>
          <prop k="outline_width_unit" v="MM"></prop>
          <prop k="style" v="solid"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="5" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="border_width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="color" type="QString" value="189,189,189,153"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="66,66,66,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.4"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="189,189,189,153"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="66,66,66,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.4"></prop>
          <prop k="outline_width_unit" v="MM"></prop>
          <prop k="style" v="solid"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
    </symbols>
    <rotation></rotation>
    <sizescale></sizescale>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerGeometryType>2</layerGeometryType>
</qgis>
