<qgis styleCategories="Symbology" version="3.22.16-Białowieża">
  <renderer-v2 attr="type" enableorderby="0" forceraster="0" referencescale="-1" symbollevels="0" type="categorizedSymbol">
    <categories>
      <category label="Elstation" render="true" symbol="0" value="el_station"></category>
      <category label="Elledning" render="true" symbol="1" value="el_ledning"></category>
      <category label="Gasledning" render="true" symbol="2" value="gas_ledning"></category>
      <category label="Fjernvarmeområde" render="true" symbol="3" value="fjernvarme_omraade"></category>
      <category label="Fjernvarmeværk" render="true" symbol="4" value="fjernvarme_vaerk"></category>
      <category label="Kloakopland" render="true" symbol="5" value="kloakopland"></category>
      <category label="Renseanlæg" render="true" symbol="6" value="renseanlaeg"></category>
      <category label="Vandværk" render="true" symbol="7" value="vandvaerk"></category>
      <category label="Havn" render="true" symbol="8" value="havn"></category>
      <category label="Jernbaneterminal" render="true" symbol="9" value="jernbane_terminal"></category>
      <category label="Motorvejstilslutning" render="true" symbol="10" value="motorvej_tilslutning"></category>
      <category label="Anden værdi" render="true" symbol="11" value=""></category>
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
            <Option name="color" type="QString" value="215,48,39,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="134,30,24,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="215,48,39,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="134,30,24,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
            <Option name="color" type="QString" value="215,48,39,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="134,30,24,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="215,48,39,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="134,30,24,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="10" type="fill">
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
            <Option name="color" type="QString" value="0,0,0,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="0,0,0,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="0,0,0,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="0,0,0,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="11" type="fill">
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
            <Option name="color" type="QString" value="97,97,97,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="61,61,61,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="97,97,97,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="61,61,61,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
            <Option name="color" type="QString" value="253,174,97,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="158,109,61,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="253,174,97,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="158,109,61,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
            <Option name="color" type="QString" value="244,109,67,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="152,68,42,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="244,109,67,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="152,68,42,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
            <Option name="color" type="QString" value="244,109,67,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="152,68,42,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="244,109,67,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="152,68,42,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
            <Option name="color" type="QString" value="69,117,180,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="43,73,112,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="69,117,180,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="43,73,112,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="6" type="fill">
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
            <Option name="color" type="QString" value="69,117,180,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="43,73,112,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="69,117,180,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="43,73,112,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="7" type="fill">
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
            <Option name="color" type="QString" value="116,173,209,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="72,108,131,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="116,173,209,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="72,108,131,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="8" type="fill">
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
            <Option name="color" type="QString" value="49,54,149,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="31,34,93,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="49,54,149,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="31,34,93,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="9" type="fill">
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
            <Option name="color" type="QString" value="94,79,162,38"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="offset" type="QString" value="0,0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="outline_color" type="QString" value="59,49,101,255"></Option>
            <Option name="outline_style" type="QString" value="solid"></Option>
            <Option name="outline_width" type="QString" value="0.8"></Option>
            <Option name="outline_width_unit" type="QString" value="MM"></Option>
            <Option name="style" type="QString" value="solid"></Option>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="color" v="94,79,162,38"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="offset" v="0,0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="outline_color" v="59,49,101,255"></prop>
          <prop k="outline_style" v="solid"></prop>
          <prop k="outline_width" v="0.8"></prop>
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
